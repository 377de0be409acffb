/**
 * 差评整改 as the applicant who rated sees it: status and deadline, the rectification result, and 申诉 (appeal) of
 * that result while it stands (status 已整改); afterwards the appeal and the review's conclusion.
 */
import { Alert, App, Button, Descriptions, Input, Tag } from 'antd';
import { useId, useState } from 'react';
import { rectificationsApi, type MyRectification } from '../api/rectifications.api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useErrorText } from './error-alert.js';
import { useDate } from './work.js';

export function AppealPanel({
  ratingId,
  rectification: r,
  onChanged,
}: {
  ratingId: string;
  rectification: MyRectification;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const date = useDate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const reasonId = useId();
  const errorId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (reason.trim() === '') return setError(t('appeal.reasonRequired'));
    setBusy(true);
    setError(null);
    try {
      await rectificationsApi.appeal(ratingId, reason.trim());
      void message.success(t('appeal.done'));
      onChanged();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`${reasonId}-title`} className="top-gap" data-testid="rectification">
      <h3 id={`${reasonId}-title`} className="sub-title">
        {t('appeal.title')}
      </h3>
      <p>
        <Tag data-status={r.status}>{t(`rect.status.${r.status}` as MessageKey)}</Tag>
        {r.round > 1 && <span className="muted">{t('rect.round', { n: r.round })}</span>}
      </p>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'due', label: t('rect.due'), children: date(r.dueAt) },
          ...(r.result
            ? [
                {
                  key: 'result',
                  label: t('appeal.result'),
                  children: <span data-testid="rectification-result">{r.result}</span>,
                },
              ]
            : []),
          ...(r.appealReason
            ? [{ key: 'appeal', label: t('appeal.yourReason'), children: r.appealReason }]
            : []),
          ...(r.reviewOutcome
            ? [
                {
                  key: 'review',
                  label: t(`rect.reviewed.${r.reviewOutcome}` as MessageKey),
                  children: r.reviewConclusion ?? '—',
                },
              ]
            : []),
        ]}
      />
      {r.status === 'appealed' && (
        <Alert type="info" showIcon title={t('appeal.done')} data-testid="appeal-pending" />
      )}
      {r.status === 'rectified' && (
        <div data-testid="appeal-form">
          <label htmlFor={reasonId} className="block-label">
            {t('appeal.reason')}
          </label>
          <Input.TextArea
            id={reasonId}
            rows={3}
            maxLength={2000}
            value={reason}
            status={error ? 'error' : undefined}
            aria-describedby={errorId}
            onChange={(e) => setReason(e.target.value)}
          />
          <div id={errorId} className="error-text" role={error ? 'alert' : undefined}>
            {error}
          </div>
          <Button className="top-gap" loading={busy} onClick={() => void submit()}>
            {t('appeal.submit')}
          </Button>
        </div>
      )}
    </section>
  );
}

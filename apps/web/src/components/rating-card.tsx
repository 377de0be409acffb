/** 好差评: once the case is 办结 its applicant rates it once (5 levels and a comment); afterwards the rating is shown. */
import { Alert, App, Button, Card, Input, Radio, Skeleton } from 'antd';
import { useId, useState } from 'react';
import type { Application } from '../api/intake.api.js';
import { RATING_LEVELS, ratingsApi, type RatingLevel } from '../api/ratings.api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { AppealPanel } from './appeal-panel.js';
import { ErrorAlert, useErrorText } from './error-alert.js';
import { useAsync } from './use-async.js';
import { useDate } from './work.js';

export const RATABLE_STATUSES: readonly string[] = ['completed', 'delivered'];

export function RatingCard({ app }: { app: Application }) {
  const { t } = useI18n();
  const date = useDate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const commentId = useId();
  const [state, reload] = useAsync((signal) => ratingsApi.mine(app.no, signal), [app.no]);
  const [level, setLevel] = useState<RatingLevel | undefined>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = <h2 className="card-title">{t('rating.title')}</h2>;
  if (state.status === 'loading')
    return (
      <Card title={title}>
        <Skeleton active paragraph={{ rows: 1 }} />
      </Card>
    );
  if (state.status === 'error')
    return (
      <Card title={title}>
        <ErrorAlert error={state.error} onRetry={reload} />
      </Card>
    );
  const { rating, completed } = state.data;
  if (rating) {
    return (
      <Card title={title} data-testid="rating-done">
        <p>
          {t('rating.given', {
            label: t(`rating.level.${rating.level}` as MessageKey),
            date: date(rating.ratedAt),
          })}
        </p>
        {rating.comment && <p className="muted">{rating.comment}</p>}
        {rating.rectification && (
          <AppealPanel ratingId={rating.id} rectification={rating.rectification} onChanged={reload} />
        )}
      </Card>
    );
  }
  if (!completed) {
    return (
      <Card title={title}>
        <Alert
          type="info"
          showIcon
          title={t('rating.syncing')}
          action={
            <Button size="small" onClick={reload}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }
  const submit = async () => {
    if (!level) return;
    setBusy(true);
    setError(null);
    try {
      await ratingsApi.rate(app.no, level, comment);
      void message.success(t('rating.thanks'));
      reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={title} data-testid="rating-form">
      <p>{t('rating.intro')}</p>
      <Radio.Group
        aria-label={t('rating.levelLabel')}
        className="rating-levels"
        value={level}
        onChange={(e) => setLevel(e.target.value as RatingLevel)}
        options={RATING_LEVELS.map((l) => ({ value: l, label: t(`rating.level.${l}` as MessageKey) }))}
      />
      <label htmlFor={commentId} className="block-label">
        {t('rating.comment')}
      </label>
      <Input.TextArea
        id={commentId}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={2000}
        rows={3}
        placeholder={t('rating.commentHint')}
      />
      {level !== undefined && level >= 4 && <p className="muted">{t('rating.badHint')}</p>}
      {error && <Alert type="error" showIcon role="alert" title={t('common.error')} description={error} />}
      <Button
        type="primary"
        className="top-gap"
        disabled={!level}
        loading={busy}
        onClick={() => void submit()}
      >
        {t('rating.submit')}
      </Button>
    </Card>
  );
}

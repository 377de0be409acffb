/**
 * 变更 of a licence by the issuing department: the licence's data fields and the holder's name, editable, with a
 * required reason; then a confirmation listing each change (old → new) and what follows — a new version is issued
 * and signed, the current one becomes 失效（已换发）, the holder is notified. Only changed values are sent.
 */
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/http.js';
import {
  licenceApi,
  type LicenceChangeBody,
  type LicenceChanged,
  type LicenceView,
} from '../api/licence.api.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './error-alert.js';

/** Data fields that repeat the holder code (统一社会信用代码 / 公民身份号码), which no 变更 alters. */
const HOLDER_CODE_LABEL = /统一社会信用代码|身份证|身份号码/;

interface Change {
  label: string;
  from: string;
  to: string;
}

type Licence = Pick<LicenceView, 'identifier' | 'name' | 'version' | 'holder' | 'fields'>;

/** What differs from the licence (values compared trimmed, as the service stores them). */
function changesOf(
  licence: Licence,
  values: Readonly<Record<string, string>>,
  holderName: string,
  holderLabel: string,
): { list: Change[]; body: Omit<LicenceChangeBody, 'reason'> } {
  const list: Change[] = [];
  const fields: Record<string, string> = {};
  for (const f of licence.fields) {
    const to = (values[f.label] ?? f.value).trim();
    if (to !== f.value) {
      fields[f.label] = to;
      list.push({ label: f.label, from: f.value, to });
    }
  }
  const name = holderName.trim();
  const holderChanged = name !== '' && name !== licence.holder.name;
  if (holderChanged) list.push({ label: holderLabel, from: licence.holder.name, to: name });
  return {
    list,
    body: {
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      ...(holderChanged ? { holderName: name } : {}),
    },
  };
}

export function LicenceChangeModal({
  licence,
  open,
  onClose,
  onChanged,
}: {
  licence: Licence;
  open: boolean;
  onClose: () => void;
  onChanged: (done: LicenceChanged) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<string, string>>({});
  const [holderName, setHolderName] = useState(licence.holder.name);
  const [reason, setReason] = useState('');
  const [stage, setStage] = useState<'edit' | 'confirm'>('edit');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const holderLabel = t('licAdmin.change.holderName');
  const changes = changesOf(licence, values, holderName, holderLabel);
  const fixed = (f: { label: string; value: string }) =>
    HOLDER_CODE_LABEL.test(f.label) || (f.value !== '' && f.value === licence.holder.idNumber);

  const reset = () => {
    setValues({});
    setHolderName(licence.holder.name);
    setReason('');
    setStage('edit');
    setProblem(undefined);
  };
  const close = () => {
    reset();
    onClose();
  };
  const review = () => {
    // The same words as the service's LICENCE_NOTHING_CHANGED: nothing to issue a new version for.
    if (changes.list.length === 0) return setProblem(t('error.LICENCE_NOTHING_CHANGED'));
    setProblem(undefined);
    setStage('confirm');
  };
  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const done = await licenceApi.change(licence.identifier, { reason: reason.trim(), ...changes.body });
      reset();
      onChanged(done);
    } catch (e) {
      setProblem(errorText(e));
      // A conflict or a refusal cannot be fixed by editing; anything about the input can.
      if (e instanceof ApiError && e.status !== 409 && e.status !== 403) setStage('edit');
    } finally {
      setBusy(false);
    }
  };

  const editing = stage === 'edit';
  return (
    <Modal
      open={open}
      title={t('licAdmin.change.title', { name: licence.name })}
      onCancel={close}
      destroyOnHidden
      width={600}
      footer={
        editing
          ? [
              <Button key="cancel" onClick={close}>
                {t('licAdmin.change.cancel')}
              </Button>,
              <Button key="next" type="primary" disabled={reason.trim() === ''} onClick={review}>
                {t('licAdmin.change.next')}
              </Button>,
            ]
          : [
              <Button key="back" onClick={() => setStage('edit')} disabled={busy}>
                {t('licAdmin.change.back')}
              </Button>,
              <Button key="ok" type="primary" loading={busy} onClick={() => void submit()}>
                {t('licAdmin.change.confirm')}
              </Button>,
            ]
      }
    >
      {problem && (
        <Alert
          className="bottom-gap"
          type="error"
          showIcon
          role="alert"
          title={t('licAdmin.change.failed')}
          description={problem}
          data-testid="licence-change-problem"
        />
      )}
      {editing ? (
        <Form layout="vertical" component="div">
          <p className="muted">{t('licAdmin.change.hint')}</p>
          <Form.Item
            label={holderLabel}
            htmlFor="licence-change-holder"
            extra={t('licAdmin.change.holderCodeNote')}
          >
            <Input
              id="licence-change-holder"
              value={holderName}
              maxLength={200}
              onChange={(e) => setHolderName(e.target.value)}
            />
          </Form.Item>
          {licence.fields.map((f, i) => (
            <Form.Item
              key={f.label}
              label={f.label}
              htmlFor={`licence-change-f${i}`}
              extra={fixed(f) ? t('licAdmin.change.fixed') : undefined}
            >
              <Input
                id={`licence-change-f${i}`}
                value={values[f.label] ?? f.value}
                disabled={fixed(f)}
                maxLength={2000}
                onChange={(e) => setValues((v) => ({ ...v, [f.label]: e.target.value }))}
              />
            </Form.Item>
          ))}
          <Form.Item label={t('licAdmin.change.reason')} htmlFor="licence-change-reason" required>
            <Input.TextArea
              id="licence-change-reason"
              placeholder={t('licAdmin.change.reasonHint')}
              value={reason}
              rows={3}
              maxLength={2000}
              status={reason.trim() === '' ? 'warning' : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
        </Form>
      ) : (
        <>
          <h3 className="sub-title">{t('licAdmin.change.summary')}</h3>
          <ul className="licence-change-summary" data-testid="licence-change-summary">
            {changes.list.map((c) => (
              <li key={c.label}>
                {t('licAdmin.change.line', {
                  label: c.label,
                  from: c.from || t('licAdmin.change.empty'),
                  to: c.to || t('licAdmin.change.empty'),
                })}
              </li>
            ))}
          </ul>
          <p data-testid="licence-change-consequence">
            {t('licAdmin.change.consequence', {
              name: licence.name,
              version: licence.version + 1,
              current: licence.version,
              holder: licence.holder.name,
            })}
          </p>
          <p className="muted">{t('licAdmin.change.reasonShown', { reason: reason.trim() })}</p>
        </>
      )}
    </Modal>
  );
}

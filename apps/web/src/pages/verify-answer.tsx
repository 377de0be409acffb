/**
 * What a 证照核验 answers (genuine or not, "not found", no QR code in the picture, an error, the wait): its own
 * chunk, loaded when the visitor first verifies — antd's Result, Spin and Descriptions stay out of the page's first
 * visit (issue 23 #7).
 */
import { Result, Spin } from 'antd';
import type { VerifyAnswer } from '../api/licence.api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { RecordFields, type FieldSpec } from '../components/record-view.js';
import { useI18n } from '../i18n/i18n.js';

const FIELDS: readonly FieldSpec[] = [
  [['identifier'], 'field.no'],
  [['licenceName', 'typeName', 'name'], 'field.licenceName'],
  [['statusName', 'statusLabel', 'status'], 'field.status'],
  [['holder', 'holderName', 'holderMasked'], 'field.holder'],
  [['issuer', 'issuerName'], 'field.issuer'],
  [['validity', 'validUntil', 'expiresAt'], 'field.validity'],
  [['reason', 'reasons'], 'field.reason'],
];

export type VerifyOutcome =
  | { s: 'busy'; what: 'decode' | 'verify' }
  | { s: 'ok'; data: VerifyAnswer }
  | { s: 'notFound' }
  | { s: 'noQr' }
  | { s: 'error'; error: unknown };

export function VerifyOutcomeView({ outcome }: { outcome: VerifyOutcome }) {
  const { t } = useI18n();
  switch (outcome.s) {
    case 'busy':
      return (
        <Spin tip={outcome.what === 'decode' ? t('verify.decoding') : t('common.loading')}>
          <div className="spin-box" />
        </Spin>
      );
    case 'noQr':
      return <Result status="warning" title={t('verify.noQr')} />;
    case 'notFound':
      return <Result status="warning" title={t('verify.notFound')} />;
    case 'error':
      return <ErrorAlert error={outcome.error} />;
    case 'ok':
      return <VerifyResult data={outcome.data} />;
  }
}

function VerifyResult({ data }: { data: VerifyAnswer }) {
  const { t } = useI18n();
  const genuine = data.result === 'genuine';
  // The licence's own fields (name, status label, masked holder, issuer, validity), and why it is not valid in
  // words (`message`, zh-CN) rather than the reason code.
  const record = {
    ...data.licence,
    identifier: data.identifier,
    reason: data.valid ? undefined : data.message,
  };
  return (
    <section className="plain-card">
      <Result
        status={genuine ? 'success' : 'error'}
        title={genuine ? t('verify.genuine') : t('verify.notValid')}
      />
      <RecordFields record={record} fields={FIELDS} />
    </section>
  );
}

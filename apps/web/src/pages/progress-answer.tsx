/**
 * What a 进度查询 answers (the result, "not found", an error, the wait): its own chunk, loaded when the visitor first
 * queries — antd's Result, Spin, Descriptions and Timeline stay out of the page's first visit (issue 23 #7).
 */
import { Result, Spin } from 'antd';
import type { ProgressAnswer } from '../api/intake.api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { RecordFields, RecordTimeline, type FieldSpec } from '../components/record-view.js';
import { useI18n } from '../i18n/i18n.js';

const FIELDS: readonly FieldSpec[] = [
  [['applicationNo', 'no', 'number'], 'field.no'],
  [['itemName', 'implementationName', 'name'], 'field.itemName'],
  [['statusName', 'statusLabel', 'status'], 'field.status'],
  [['applicant', 'applicantName', 'applicantMasked'], 'field.applicant'],
  [['submittedAt', 'receivedAt'], 'field.submittedAt'],
  [['acceptedAt'], 'field.acceptedAt'],
  [['deadline', 'promisedDate', 'dueDate', 'dueAt'], 'field.deadline'],
  [['completedAt'], 'field.completedAt'],
];

export type ProgressOutcome =
  { s: 'loading' } | { s: 'ok'; data: ProgressAnswer } | { s: 'notFound' } | { s: 'error'; error: unknown };

export function ProgressOutcomeView({ outcome }: { outcome: ProgressOutcome }) {
  const { t } = useI18n();
  switch (outcome.s) {
    case 'loading':
      return <Spin aria-label={t('common.loading')} />;
    case 'notFound':
      return <Result status="warning" title={t('progress.notFound')} />;
    case 'error':
      return <ErrorAlert error={outcome.error} />;
    case 'ok':
      return (
        <section className="plain-card" aria-labelledby="progress-result-title">
          <h2 id="progress-result-title" className="card-title plain-card-title">
            {t('progress.result')}
          </h2>
          <RecordFields record={outcome.data} fields={FIELDS} />
          <h3 className="sub-title">{t('progress.timeline')}</h3>
          <RecordTimeline record={outcome.data} />
        </section>
      );
  }
}

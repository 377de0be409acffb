import { Button, Card, Form, Input, Result, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, isAbort, isRouteMissing } from '../api/http.js';
import { intakeApi, type ProgressAnswer } from '../api/intake.api.js';
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

interface ProgressForm {
  no: string;
  code: string;
}

type State =
  | { s: 'idle' }
  | { s: 'loading' }
  | { s: 'ok'; data: ProgressAnswer }
  | { s: 'notFound' }
  | { s: 'error'; error: unknown };

/** 办件进度查询 (public): application number + 查询码 (given to the applicant only, never published). */
export function ProgressPage() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ s: 'idle' });
  const inflight = useRef<AbortController | null>(null);

  const submit = (v: ProgressForm) => {
    inflight.current?.abort();
    const ctrl = new AbortController();
    inflight.current = ctrl;
    setState({ s: 'loading' });
    intakeApi.progress(v.no.trim(), v.code.trim(), ctrl.signal).then(
      (data) => setState({ s: 'ok', data }),
      (error: unknown) => {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.status === 404 && !isRouteMissing(error))
          setState({ s: 'notFound' });
        else setState({ s: 'error', error });
      },
    );
  };

  return (
    <div className="page narrow">
      <Typography.Title level={1} className="page-title">
        {t('progress.title')}
      </Typography.Title>
      <Card>
        <p>{t('progress.intro')}</p>
        <Form<ProgressForm> layout="vertical" onFinish={submit} requiredMark>
          <Form.Item
            name="no"
            label={t('progress.no')}
            rules={[{ required: true, whitespace: true, message: t('progress.noRequired') }]}
          >
            <Input placeholder={t('progress.noPlaceholder')} maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('progress.code')}
            extra={t('progress.codeHint')}
            rules={[
              {
                required: true,
                pattern: /^\s*[A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4}\s*$/,
                message: t('progress.codeRequired'),
              },
            ]}
          >
            <Input
              maxLength={12}
              placeholder="ABCD-EFGH"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={state.s === 'loading'}>
            {t('common.query')}
          </Button>
        </Form>
      </Card>
      <section aria-live="polite" className="result-area">
        {state.s === 'loading' && <Spin aria-label={t('common.loading')} />}
        {state.s === 'notFound' && <Result status="warning" title={t('progress.notFound')} />}
        {state.s === 'error' && <ErrorAlert error={state.error} />}
        {state.s === 'ok' && (
          <Card title={<h2 className="card-title">{t('progress.result')}</h2>}>
            <RecordFields record={state.data} fields={FIELDS} />
            <h3 className="sub-title">{t('progress.timeline')}</h3>
            <RecordTimeline record={state.data} />
          </Card>
        )}
      </section>
    </div>
  );
}

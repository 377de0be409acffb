import { Button, Form } from 'antd';
// The plain input alone: antd's Input index brings Search, Password, OTP and TextArea along (issue 23 #7).
import Input from 'antd/es/input/Input.js';
import { Suspense, lazy, useRef, useState } from 'react';
import { ApiError, isAbort, isRouteMissing } from '../api/http.js';
import { intakeApi } from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';
import { PageLoading } from '../layout/lazy-page.js';
import type { ProgressOutcome } from './progress-answer.js';

const ProgressOutcomeView = lazy(async () => ({
  default: (await import('./progress-answer.js')).ProgressOutcomeView,
}));

interface ProgressForm {
  no: string;
  code: string;
}

type State = { s: 'idle' } | ProgressOutcome;

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
      <h1 className="page-title">{t('progress.title')}</h1>
      <section className="plain-card">
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
      </section>
      <section aria-live="polite" className="result-area">
        {state.s !== 'idle' && (
          <Suspense fallback={<PageLoading />}>
            <ProgressOutcomeView outcome={state} />
          </Suspense>
        )}
      </section>
    </div>
  );
}

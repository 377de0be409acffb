/**
 * 诉求查询 (/enquiries/lookup): the anonymous asker of a 咨询 enters its number and 查询码 and sees the enquiry as
 * the service shows it with that code — the answer, the history and the attachments (downloaded with the code) —
 * then rates the answer or asks the one follow-up question. The number may come in the URL (`?no=`); the code never
 * does (it is the asker's secret), it stays in the page's memory.
 */
import { Alert, App, Button, Card, Form, Input, Skeleton, Typography } from 'antd';
import { useCallback, useState } from 'react';
import * as z from 'zod/mini';
import { enquiriesApi, type EnquiryView } from '../../api/enquiries.api.js';
import { ApiError } from '../../api/http.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { EnquiryDetails } from './enquiry-details.js';
import { AskerActions, type AskerCalls } from './my-enquiry-page.js';

const LOOKUP_URL = z.object({ no: z.optional(z.string().check(z.maxLength(40))) });

interface LookupForm {
  no: string;
  code: string;
}

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'found'; e: EnquiryView; code: string }
  | { kind: 'error'; error: unknown };

export function EnquiryLookupPage() {
  const { t } = useI18n();
  const [url] = useSearchParamsSchema(LOOKUP_URL);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const find = useCallback(async (no: string, code: string) => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'found', e: await enquiriesApi.lookup(no, code), code });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }, []);

  const calls = (code: string): AskerCalls => ({
    rate: (no, rating, comment) => enquiriesApi.rateAnonymous(no, code, rating, comment),
    followUp: (no, text) => enquiriesApi.followUpAnonymous(no, code, text),
  });

  return (
    <div className="page enquiry-lookup-page">
      <Typography.Title level={1} className="page-title">
        {t('title.enquiryLookup')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('enq.lookupIntro')}</Typography.Paragraph>
      <Form<LookupForm>
        name="enquiry-lookup"
        layout="vertical"
        style={{ maxWidth: 480 }}
        initialValues={{ no: url.no ?? '' }}
        onFinish={(v) => void find(v.no.trim().toUpperCase(), v.code.trim())}
      >
        <Form.Item
          name="no"
          label={t('enq.lookupNo')}
          rules={[{ required: true, whitespace: true, message: t('enq.lookupNoRequired') }]}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('enq.queryCode')}
          rules={[{ required: true, whitespace: true, message: t('enq.lookupCodeRequired') }]}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.kind === 'loading'}>
          {t('enq.lookupButton')}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        {state.kind === 'loading' && <Skeleton active />}
        {state.kind === 'error' &&
          (state.error instanceof ApiError && state.error.status === 404 ? (
            <Alert type="warning" showIcon role="alert" message={t('enq.lookupNotFound')} />
          ) : (
            <ErrorAlert error={state.error} />
          ))}
        {state.kind === 'found' && (
          <>
            <Card>
              <EnquiryDetails e={state.e} code={state.code} />
            </Card>
            {state.e.status === 'answered' && (
              // A public page has no antd App context of the layout: the actions' messages need one.
              <App component={false}>
                <AskerActions
                  e={state.e}
                  calls={calls(state.code)}
                  onDone={() => void find(state.e.no, state.code)}
                />
              </App>
            )}
            {(state.e.status === 'submitted' || state.e.status === 'routed') && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
                {t('enq.noAnswerYet')}
              </Typography.Paragraph>
            )}
          </>
        )}
      </div>
    </div>
  );
}

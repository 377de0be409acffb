/**
 * One of my enquiries (/me/enquiries/:no): the question, the answer and the history; once answered, the asker rates
 * it (满意 / 基本满意 / 不满意, which closes it) or asks one follow-up question.
 */
import { App, Button, Card, Form, Input, Radio, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import {
  ENQUIRY_RATINGS,
  enquiriesApi,
  type EnquiryRating,
  type EnquiryView,
} from '../../api/enquiries.api.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { EnquiryDetails } from './enquiry-details.js';
import { ratingKey } from './labels.js';

const NO_ROUTE = z.object({ no: z._default(z.string(), '') });

export function MyEnquiryPage() {
  const { no } = useParamsSchema(NO_ROUTE);
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => enquiriesApi.get(no, signal), [no]);
  return (
    <div className="page my-enquiry-page">
      <Link to="/me/enquiries">{t('enq.back')}</Link>
      <Typography.Title level={1} className="page-title">
        {t('title.myEnquiry')}
      </Typography.Title>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          <Card>
            <EnquiryDetails e={state.data} />
          </Card>
          {state.data.status === 'answered' && <AskerActions e={state.data} onDone={reload} />}
          {state.data.status === 'review' && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t('enq.inReview')}
            </Typography.Paragraph>
          )}
          {(state.data.status === 'submitted' || state.data.status === 'routed') && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t('enq.noAnswerYet')}
            </Typography.Paragraph>
          )}
        </>
      )}
    </div>
  );
}

/** How the asker acts: signed in (default), or with the 查询码 (the anonymous 诉求查询 page). */
export interface AskerCalls {
  rate: (no: string, rating: EnquiryRating, comment?: string) => Promise<unknown>;
  followUp: (no: string, text: string) => Promise<unknown>;
}
const SIGNED_IN: AskerCalls = { rate: enquiriesApi.rate, followUp: enquiriesApi.followUp };

/** Rating and the one follow-up question of an answered enquiry. */
export function AskerActions({
  e,
  onDone,
  calls = SIGNED_IN,
}: {
  e: EnquiryView;
  onDone: () => void;
  calls?: AskerCalls;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      void message.success(t(done));
      onDone();
    } catch (err) {
      setError(err);
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" className="full-width" style={{ marginTop: 16 }}>
      {error !== null && <ErrorAlert error={error} />}
      <Card title={t('enq.rate')}>
        <Form<{ rating: EnquiryRating; comment?: string }>
          name="rate"
          layout="vertical"
          onFinish={(v) =>
            void run(() => calls.rate(e.no, v.rating, v.comment?.trim() || undefined), 'enq.rated')
          }
        >
          <Form.Item
            name="rating"
            label={t('enq.ratingLabel')}
            rules={[{ required: true, message: t('enq.ratingRequired') }]}
          >
            <Radio.Group options={ENQUIRY_RATINGS.map((r) => ({ value: r, label: t(ratingKey(r)) }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('enq.ratingComment')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('enq.sendRating')}
          </Button>
        </Form>
      </Card>
      {e.followUp === null && (
        <Card title={t('enq.followUp')}>
          <Typography.Paragraph type="secondary">{t('enq.followUpHint')}</Typography.Paragraph>
          <Form<{ text: string }>
            name="follow-up"
            layout="vertical"
            onFinish={(v) => void run(() => calls.followUp(e.no, v.text.trim()), 'enq.followUpSent')}
          >
            <Form.Item
              name="text"
              label={t('enq.followUpLabel')}
              rules={[{ required: true, whitespace: true, message: t('enq.followUpRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              {t('enq.sendFollowUp')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

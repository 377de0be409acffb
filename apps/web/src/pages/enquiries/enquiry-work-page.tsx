/**
 * 诉求办理 (/enquiries/work): the service centre's dispatcher (a window clerk of the region) routes waiting enquiries
 * to the responsible department; the department's officer answers them or hands one back with a reason (at most
 * twice). Each action opens the enquiry (question, follow-up, history) in a dialog.
 */
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { DEPARTMENTS, REGIONS, nameOf } from '../../api/catalog-codes.js';
import { enquiriesApi, type EnquirySummary } from '../../api/enquiries.api.js';
import { useAuth } from '../../auth/auth.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { AttachmentUpload } from './enquiry-attachments.js';
import { EnquiryDetails } from './enquiry-details.js';
import { chinaDate, STATUS_COLOR, statusKey, typeKey } from './labels.js';

type Queue = 'dispatch' | 'department' | 'review' | 'extension';
type Action = 'route' | 'answer' | 'transfer' | 'review' | 'extend' | 'decide';

export function EnquiryWorkPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const queues: Queue[] = [
    ...(hasRole('clerk') ? (['dispatch', 'review', 'extension'] as const) : []),
    ...(hasRole('approver') ? (['department'] as const) : []),
  ];
  return (
    <div className="page enquiry-work-page">
      <Typography.Title level={1} className="page-title">
        {t('enq.workTitle')}
      </Typography.Title>
      <Tabs
        items={queues.map((q) => ({
          key: q,
          label: t(`enq.queue.${q}`),
          children: <QueueList queue={q} />,
        }))}
      />
    </div>
  );
}

function QueueList({ queue }: { queue: Queue }) {
  const { t, locale } = useI18n();
  const list = usePagedList((page, signal) => enquiriesApi.work({ queue, page }, signal), [queue]);
  const [open, setOpen] = useState<{ e: EnquirySummary; action: Action } | null>(null);
  const actions: Record<Queue, Action[]> = {
    dispatch: ['route'],
    review: ['review'],
    extension: ['decide'],
    department: ['answer', 'extend', 'transfer'],
  };
  const label: Record<Action, MessageKey> = {
    route: 'enq.route',
    answer: 'enq.reply',
    transfer: 'enq.transfer',
    review: 'enq.review',
    extend: 'enq.extend',
    decide: 'enq.decide',
  };
  return (
    <>
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(p) => p.items.length === 0}
        emptyText={t('enq.queueEmpty')}
      >
        {(page) => (
          <List
            dataSource={page.items}
            pagination={list.pagination(page)}
            renderItem={(e) => (
              <List.Item
                key={e.no}
                className="enquiry-work-row"
                actions={actions[queue].map((a) => (
                  <Button
                    key={a}
                    type={a === 'transfer' || a === 'extend' ? 'default' : 'primary'}
                    onClick={() => setOpen({ e, action: a })}
                  >
                    {t(label[a])}
                  </Button>
                ))}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{t(typeKey(e.type))}</Tag>
                      <span>{e.subject}</span>
                      <Tag color={STATUS_COLOR[e.status]}>{t(statusKey(e.status))}</Tag>
                      {e.overdue && <Tag color="red">{t('enq.overdue')}</Tag>}
                    </Space>
                  }
                  description={`${e.no} · ${nameOf(REGIONS, e.regionCode, locale)} · ${t('enq.dueBy')} ${chinaDate(e.dueBy)}`}
                />
              </List.Item>
            )}
          />
        )}
      </AsyncView>
      {open && (
        <ActionDialog
          no={open.e.no}
          action={open.action}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

interface ActionForm {
  departmentCode?: string;
  note?: string;
  answer?: string;
  reason?: string;
  decision?: 'uphold' | 'reanswer';
  days?: number;
  approve?: boolean;
  attachmentIds?: string[];
}

const TITLE: Record<Action, MessageKey> = {
  route: 'enq.routeTitle',
  answer: 'enq.replyTitle',
  transfer: 'enq.transferTitle',
  review: 'enq.reviewTitle',
  extend: 'enq.extendTitle',
  decide: 'enq.decideTitle',
};
const DONE: Record<Action, MessageKey> = {
  route: 'enq.routed',
  answer: 'enq.replied',
  transfer: 'enq.transferred',
  review: 'enq.reviewed',
  extend: 'enq.extendAsked',
  decide: 'enq.decided',
};

function ActionDialog({
  no,
  action,
  onClose,
  onDone,
}: {
  no: string;
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ActionForm>();
  const [state, reload] = useAsync((signal) => enquiriesApi.get(no, signal), [no]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: ActionForm) => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'route')
        await enquiriesApi.route(no, v.departmentCode ?? '', v.note?.trim() || undefined);
      else if (action === 'answer') await enquiriesApi.answer(no, (v.answer ?? '').trim(), v.attachmentIds);
      else if (action === 'extend')
        await enquiriesApi.requestExtension(no, v.days ?? 0, (v.reason ?? '').trim());
      else if (action === 'decide')
        await enquiriesApi.decideExtension(no, v.approve === true, v.note?.trim() || undefined);
      else if (action === 'review')
        await enquiriesApi.review(no, v.decision ?? 'uphold', (v.note ?? '').trim());
      else await enquiriesApi.transfer(no, (v.reason ?? '').trim());
      void message.success(t(DONE[action]));
      onDone();
    } catch (err) {
      setError(err);
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(TITLE[action])}
      okText={t('enq.ok')}
      cancelText={t('enq.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <div
          role="region"
          aria-label={t('enq.question')}
          tabIndex={0}
          style={{ maxHeight: 320, overflowY: 'auto', marginBottom: 16 }}
        >
          <EnquiryDetails e={state.data} />
        </div>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Form<ActionForm>
        form={form}
        name={`enquiry-${action}`}
        layout="vertical"
        onFinish={(v) => void submit(v)}
      >
        {action === 'route' && (
          <>
            <Form.Item
              name="departmentCode"
              label={t('enq.routeDept')}
              rules={[{ required: true, message: t('enq.routeDeptRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={DEPARTMENTS.map((d) => ({
                  value: d.code,
                  label: nameOf(DEPARTMENTS, d.code, locale),
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('enq.routeNote')}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'answer' && (
          <Form.Item
            name="answer"
            label={t('enq.replyText')}
            rules={[{ required: true, whitespace: true, message: t('enq.replyRequired') }]}
          >
            <Input.TextArea rows={5} maxLength={4000} />
          </Form.Item>
        )}
        {action === 'answer' && (
          <Form.Item name="attachmentIds" label={t('enq.attachments')}>
            <AttachmentUpload />
          </Form.Item>
        )}
        {action === 'review' && (
          <>
            <Form.Item
              name="decision"
              label={t('enq.reviewDecision')}
              rules={[{ required: true, message: t('enq.reviewDecisionRequired') }]}
            >
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="uphold">{t('enq.review.uphold')}</Radio>
                  <Radio value="reanswer">{t('enq.review.reanswer')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="note"
              label={t('enq.reviewNote')}
              rules={[{ required: true, whitespace: true, message: t('enq.reviewNoteRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'extend' && (
          <>
            <Form.Item
              name="days"
              label={t('enq.extendDays')}
              rules={[{ required: true, message: t('enq.extendDaysRequired') }]}
            >
              <InputNumber min={1} max={30} precision={0} />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('enq.extendReason')}
              rules={[{ required: true, whitespace: true, message: t('enq.extendReasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'decide' && (
          <>
            <Form.Item
              name="approve"
              label={t('enq.decide')}
              rules={[{ required: true, message: t('enq.reviewDecisionRequired') }]}
            >
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value={true}>{t('enq.decideApprove')}</Radio>
                  <Radio value={false}>{t('enq.decideReject')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="note"
              label={t('enq.decideNote')}
              dependencies={['approve']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    getFieldValue('approve') === false && !value?.trim()
                      ? Promise.reject(new Error(t('enq.decideNoteRequired')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'transfer' && (
          <Form.Item
            name="reason"
            label={t('enq.transferReason')}
            rules={[{ required: true, whitespace: true, message: t('enq.transferRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 依申请公开工作台 (/disclosure/requests/work, the agency's staff): the agency's requests with status and answer
 * deadline; 补正 (once), third-party consultation (the clock pauses), the extension proposed by an officer and decided
 * by another head (负责人), and the answer by art. 36/37/39 type with its required fields; the notices as PDF. The
 * officer registers paper/letter requests here and records 行政复议/行政诉讼 on concluded ones (request-window-forms).
 */
import { App, Button, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  ANSWER_TYPES,
  disclosureRequestsApi,
  type AnswerBody,
  type AnswerType,
  type DisclosureRequestView,
  type RequestStatus,
} from '../../api/disclosure-requests.api.js';
import { REFUSAL_GROUNDS, UNAVAILABLE_GROUNDS } from '../../api/disclosure-report.api.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useI18n } from '../../i18n/i18n.js';
import { RequestDelivery } from './request-delivery.js';
import { FeePayment, PaperWithdrawal, WithdrawalLine } from './request-fee-withdrawal.js';
import { RequestRemedies, WindowIntake } from './request-window-forms.js';
import type { MessageKey } from '../../i18n/messages.js';

type Action = 'correction' | 'consult' | 'consultEnd' | 'extension' | 'answer';
interface ActionForm {
  items?: string;
  replyWithinWorkingDays?: number;
  thirdParty?: string;
  matter?: string;
  outcome?: 'consented' | 'objected' | 'no-reply';
  note?: string;
  days?: number;
  reason?: string;
  type?: AnswerType;
  publishedWhere?: string;
  informationProvided?: string;
  withheldParts?: string;
  legalBasis?: string;
  responsibleAgency?: string;
  previousRequestNo?: string;
  channel?: string;
  redirectKind?: 'consultation' | 'complaint' | 'petition' | 'other';
  redirectTo?: string;
  feeMethod?: 'none' | 'per-request' | 'per-page';
  pages?: number;
  /** 不予公开 / 无法提供 ground, as the annual report counts it (rows (三)1–8 and (四)1–3 of table 三). */
  refusalGround?: (typeof REFUSAL_GROUNDS)[number];
  unavailableGround?: (typeof UNAVAILABLE_GROUNDS)[number];
}

/** The fields each answer type requires (the service refuses the answer without them). */
const ANSWER_FIELDS: Readonly<Record<AnswerType, ReadonlyArray<keyof ActionForm>>> = {
  'already-public': ['publishedWhere'],
  granted: ['informationProvided'],
  partial: ['informationProvided', 'withheldParts', 'reason', 'legalBasis'],
  refused: ['reason', 'legalBasis'],
  'not-exist': ['reason'],
  'not-responsible': ['responsibleAgency'],
  repeated: ['previousRequestNo'],
  'special-rules': ['channel', 'legalBasis'],
  'not-disclosure-request': ['redirectKind', 'redirectTo'],
};
const TEXT_FIELDS = [
  'publishedWhere',
  'informationProvided',
  'withheldParts',
  'reason',
  'legalBasis',
  'responsibleAgency',
  'previousRequestNo',
  'channel',
  'redirectTo',
] as const;

const trim = (v: string | undefined) => (v ?? '').trim();

function answerBody(v: ActionForm): AnswerBody {
  const type = v.type ?? 'granted';
  const fields = Object.fromEntries(
    ANSWER_FIELDS[type].map((f) => [
      f,
      f === 'redirectKind' ? v.redirectKind : trim(v[f] as string | undefined),
    ]),
  );
  const fee =
    v.feeMethod === 'per-page'
      ? { method: 'per-page' as const, pages: v.pages ?? 1 }
      : { method: v.feeMethod ?? ('none' as const) };
  return {
    type,
    ...fields,
    ...(type === 'granted' || type === 'partial' ? { fee } : {}),
    ...(type === 'refused' && v.refusalGround && { ground: v.refusalGround }),
    ...(type === 'not-exist' && v.unavailableGround && { ground: v.unavailableGround }),
    ...(trim(v.note) && { note: trim(v.note) }),
  } as AnswerBody;
}

const statusKey = (s: RequestStatus): MessageKey => `disReq.status.${s}`;

/** Before the answer a withdrawal the applicant sent on paper may be registered. */
const WITHDRAWABLE: ReadonlySet<RequestStatus> = new Set([
  'processing',
  'awaiting-correction',
  'consulting',
  'awaiting-payment',
]);

export function RequestWorkPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const list = usePagedList((page, signal) => disclosureRequestsApi.list({ page }, signal), []);
  const [acting, setActing] = useState<{ action: Action; request: DisclosureRequestView } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionForm>();
  const type = Form.useWatch('type', form);
  const feeMethod = Form.useWatch('feeMethod', form);

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      void message.success(t('disWork.done'));
      list.reload();
      return true;
    } catch (err) {
      setError(err);
      void message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const open = (action: Action, request: DisclosureRequestView) => {
    form.resetFields();
    form.setFieldsValue({ replyWithinWorkingDays: 15, days: 20, type: 'granted', feeMethod: 'none' });
    setActing({ action, request });
  };

  const submit = async (v: ActionForm) => {
    if (!acting) return;
    const id = acting.request.id;
    const run = {
      correction: () =>
        disclosureRequestsApi.correction(id, {
          items: trim(v.items)
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
          replyWithinWorkingDays: v.replyWithinWorkingDays ?? 15,
        }),
      consult: () =>
        disclosureRequestsApi.consult(id, { thirdParty: trim(v.thirdParty), matter: trim(v.matter) }),
      consultEnd: () =>
        disclosureRequestsApi.endConsultation(id, {
          outcome: v.outcome ?? 'consented',
          ...(trim(v.note) && { note: trim(v.note) }),
        }),
      extension: () =>
        disclosureRequestsApi.proposeExtension(id, { days: v.days ?? 20, reason: trim(v.reason) }),
      answer: () => disclosureRequestsApi.answer(id, answerBody(v)),
    }[acting.action];
    if (await act(run)) setActing(null);
  };

  const decide = (r: DisclosureRequestView, decision: 'approve' | 'reject') =>
    void act(() => disclosureRequestsApi.decideExtension(r.id, { decision }));

  const openNotice = (r: DisclosureRequestView, noticeId: string) => {
    disclosureRequestsApi
      .openNotice(r.id, noticeId)
      .catch((err: unknown) => void message.error(errorText(err)));
  };

  const required = (label: MessageKey) => [
    { required: true, whitespace: true, message: t('disWork.required', { field: t(label) }) },
  ];
  const needs = (f: keyof ActionForm) =>
    acting?.action === 'answer' && ANSWER_FIELDS[type ?? 'granted'].includes(f);

  return (
    <div className="page disclosure-request-work-page">
      <Typography.Title level={1} className="page-title">
        {t('disWork.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('disWork.intro')}</Typography.Paragraph>
      <div className="bottom-gap">
        <WindowIntake onDone={() => list.reload()} />
      </div>
      {error !== null && <ErrorAlert error={error} />}
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(p) => p.items.length === 0}
        emptyText={t('disWork.empty')}
      >
        {(page) => (
          <List
            dataSource={page.items}
            pagination={list.pagination(page)}
            renderItem={(r) => (
              <List.Item className="disclosure-request-row" data-id={r.id} data-status={r.status}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{r.requestNo}</span>
                      <Tag>{t(statusKey(r.status))}</Tag>
                      {r.overdue && <Tag color="red">{t('disReq.overdue')}</Tag>}
                      {r.extension && (
                        <Tag>{t(`disWork.extension.${r.extension.status}`, { n: r.extension.days })}</Tag>
                      )}
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        {r.applicant.name}（{r.applicant.idNumber}）
                        {r.applicant.organisationType && ` · ${t(`disOrg.${r.applicant.organisationType}`)}`}{' '}
                        · {t(`disWork.channel.${r.channel}`)} · {t('disReq.receivedOn')} {r.receivedOn}
                        {(r.status === 'processing' || r.status === 'consulting') &&
                          ` · ${t('disReq.dueAt')} ${r.dueAt.slice(0, 10)}`}
                      </div>
                      <div>{r.description}</div>
                      {r.pauses.map((p) => (
                        <div key={`${p.kind}-${p.startedAt}`}>
                          {t(`disWork.pause.${p.kind}`)}：{p.startedAt.slice(0, 10)} –{' '}
                          {p.endedAt?.slice(0, 10) ?? '…'}
                          {p.thirdParty && ` · ${p.thirdParty}`}
                        </div>
                      ))}
                      {r.answer && (
                        <div>
                          {t('disReq.answer')}：{t(`disReq.answer.${r.answer.type}`)}
                        </div>
                      )}
                      {r.status === 'awaiting-payment' && (
                        <FeePayment request={r} onChanged={() => list.reload()} />
                      )}
                      {r.status === 'withdrawn' && <WithdrawalLine request={r} />}
                      {r.status === 'withdrawn' &&
                        r.withdrawReason !== null &&
                        r.withdrawReason !== 'applicant' && (
                          <div>{t(`disReq.withdrawnBy.${r.withdrawReason}`)}</div>
                        )}
                      {r.status === 'answered' && r.deliveryWay !== 'online' && (
                        <RequestDelivery request={r} onChanged={() => list.reload()} />
                      )}
                      {(r.status === 'answered' || r.status === 'withdrawn') && (
                        <RequestRemedies request={r} onChanged={() => list.reload()} />
                      )}
                    </>
                  }
                />
                <Space wrap>
                  {r.status === 'processing' && r.correction === null && (
                    <Button size="small" onClick={() => open('correction', r)}>
                      {t('disWork.correction')}
                    </Button>
                  )}
                  {r.status === 'processing' && (
                    <Button size="small" onClick={() => open('consult', r)}>
                      {t('disWork.consult')}
                    </Button>
                  )}
                  {r.status === 'consulting' && (
                    <Button size="small" onClick={() => open('consultEnd', r)}>
                      {t('disWork.consultEnd')}
                    </Button>
                  )}
                  {(r.status === 'processing' || r.status === 'consulting') &&
                    (r.extension === null || r.extension.status === 'rejected') && (
                      <Button size="small" onClick={() => open('extension', r)}>
                        {t('disWork.extension')}
                      </Button>
                    )}
                  {r.mayDecideExtension && (
                    <>
                      <Button size="small" type="primary" loading={busy} onClick={() => decide(r, 'approve')}>
                        {t('disWork.approveExtension')}
                      </Button>
                      <Button size="small" loading={busy} onClick={() => decide(r, 'reject')}>
                        {t('disWork.rejectExtension')}
                      </Button>
                    </>
                  )}
                  {r.status === 'processing' && (
                    <Button size="small" type="primary" onClick={() => open('answer', r)}>
                      {t('disWork.answer')}
                    </Button>
                  )}
                  {WITHDRAWABLE.has(r.status) && (
                    <PaperWithdrawal request={r} onChanged={() => list.reload()} />
                  )}
                  {r.notices.map((n) => (
                    <Button key={n.id} size="small" type="link" onClick={() => openNotice(r, n.id)}>
                      {t(`disReq.notice.${n.kind}`)}
                    </Button>
                  ))}
                </Space>
              </List.Item>
            )}
          />
        )}
      </AsyncView>

      <Modal
        open={acting !== null}
        title={acting ? `${t(`disWork.${acting.action}`)} · ${acting.request.requestNo}` : ''}
        okText={t('disWork.confirm')}
        cancelText={t('disReq.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setActing(null)}
        destroyOnHidden
      >
        <Form<ActionForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          {acting?.action === 'correction' && (
            <>
              <Form.Item
                name="items"
                label={t('disWork.items')}
                extra={t('disWork.itemsHelp')}
                rules={required('disWork.items')}
              >
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item name="replyWithinWorkingDays" label={t('disWork.replyWithin')}>
                <InputNumber min={5} max={30} />
              </Form.Item>
            </>
          )}
          {acting?.action === 'consult' && (
            <>
              <Form.Item
                name="thirdParty"
                label={t('disWork.thirdParty')}
                rules={required('disWork.thirdParty')}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="matter" label={t('disWork.matter')} rules={required('disWork.matter')}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {acting?.action === 'consultEnd' && (
            <Form.Item name="outcome" label={t('disWork.outcome')} rules={[{ required: true }]}>
              <Select
                options={(['consented', 'objected', 'no-reply'] as const).map((o) => ({
                  value: o,
                  label: t(`disWork.outcome.${o}`),
                }))}
              />
            </Form.Item>
          )}
          {acting?.action === 'extension' && (
            <>
              <Form.Item name="days" label={t('disWork.days')}>
                <InputNumber min={1} max={20} />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('disWork.field.reason')}
                rules={required('disWork.field.reason')}
              >
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {acting?.action === 'answer' && (
            <>
              <Form.Item name="type" label={t('disWork.type')}>
                <Select options={ANSWER_TYPES.map((a) => ({ value: a, label: t(`disReq.answer.${a}`) }))} />
              </Form.Item>
              {TEXT_FIELDS.filter(needs).map((f) => (
                <Form.Item
                  key={f}
                  name={f}
                  label={t(`disWork.field.${f}`)}
                  rules={required(`disWork.field.${f}`)}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
              ))}
              {needs('redirectKind') && (
                <Form.Item
                  name="redirectKind"
                  label={t('disWork.field.redirectKind')}
                  rules={[{ required: true }]}
                >
                  <Select
                    options={(['consultation', 'complaint', 'petition', 'other'] as const).map((k) => ({
                      value: k,
                      label: t(`disWork.redirect.${k}`),
                    }))}
                  />
                </Form.Item>
              )}
              {type === 'refused' && (
                <Form.Item
                  name="refusalGround"
                  label={t('disr.ground.refused')}
                  rules={[{ required: true, message: t('disr.ground.required') }]}
                >
                  <Select
                    options={REFUSAL_GROUNDS.map((g) => ({ value: g, label: t(`disr.refusal.${g}`) }))}
                  />
                </Form.Item>
              )}
              {type === 'not-exist' && (
                <Form.Item name="unavailableGround" label={t('disr.ground.unavailable')}>
                  <Select
                    allowClear
                    placeholder={t('disr.unavailable.not-held')}
                    options={UNAVAILABLE_GROUNDS.map((g) => ({
                      value: g,
                      label: t(`disr.unavailable.${g}`),
                    }))}
                  />
                </Form.Item>
              )}
              {(type === 'granted' || type === 'partial') && (
                <Form.Item name="feeMethod" label={t('disWork.fee')} extra={t('disWork.feeHelp')}>
                  <Select
                    options={(['none', 'per-request', 'per-page'] as const).map((m) => ({
                      value: m,
                      label: t(`disWork.fee.${m}`),
                    }))}
                  />
                </Form.Item>
              )}
              {(type === 'granted' || type === 'partial') && feeMethod === 'per-page' && (
                <Form.Item name="pages" label={t('disWork.pages')} rules={[{ required: true }]}>
                  <InputNumber min={1} />
                </Form.Item>
              )}
              <Form.Item name="note" label={t('disWork.note')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}

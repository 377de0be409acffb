/**
 * 我的政府信息公开申请 (/me/disclosure-requests, applicants): file a request online (依申请公开), follow its status
 * and answer deadline, answer a 补正 notice once, pay the 信息处理费 of a 收费通知 online (网上缴费, after a
 * confirmation), withdraw a request before its answer (撤回, after a confirmation), and open the notices (补正告知书,
 * 延期答复告知书, 收费通知, 答复书) as PDF.
 */
import { App, Button, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { disclosureApi } from '../../api/disclosure.api.js';
import {
  disclosureRequestsApi,
  type DisclosureRequestView,
  type ApplicantOrgType,
  type FileRequestBody,
  type RequestStatus,
} from '../../api/disclosure-requests.api.js';
import { useAuth } from '../../auth/auth.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { DeliveryLine } from './request-delivery.js';
import { DeliveryFields, FormModal, OrgTypeField, RequestTextFields } from './request-form-kit.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

interface FileForm {
  agency: string;
  organisationType?: ApplicantOrgType;
  description: string;
  purpose?: string;
  deliveryForm: 'paper' | 'electronic';
  deliveryWay: 'online' | 'post' | 'collection';
  postalAddress?: string;
}

const statusKey = (s: RequestStatus): MessageKey => `disReq.status.${s}`;
const STATUS_COLOR: Readonly<Record<RequestStatus, string>> = {
  processing: 'blue',
  'awaiting-correction': 'orange',
  consulting: 'purple',
  'awaiting-payment': 'gold',
  answered: 'green',
  withdrawn: 'default',
};

/** Before the answer the applicant may withdraw the request (撤回). */
const WITHDRAWABLE: ReadonlySet<RequestStatus> = new Set([
  'processing',
  'awaiting-correction',
  'consulting',
  'awaiting-payment',
]);

const toBody = (v: FileForm): FileRequestBody => ({
  agency: v.agency,
  ...(v.organisationType !== undefined && { organisationType: v.organisationType }),
  description: v.description.trim(),
  ...(v.purpose?.trim() && { purpose: v.purpose.trim() }),
  deliveryForm: v.deliveryForm,
  deliveryWay: v.deliveryWay,
  ...(v.deliveryWay === 'post' && v.postalAddress?.trim() && { postalAddress: v.postalAddress.trim() }),
});

export function MyRequestsPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { user } = useAuth();
  /** A business account (法人或其他组织) says which kind it is: the annual report counts requests by it. */
  const business = user?.uscc !== undefined;
  const errorText = useErrorText();
  const list = usePagedList((page, signal) => disclosureRequestsApi.list({ page }, signal), []);
  const [agencies] = useAsync((signal) => disclosureApi.agencies(signal), []);
  const [form] = Form.useForm<FileForm>();
  const [fixForm] = Form.useForm<{ description: string }>();
  const way = Form.useWatch('deliveryWay', form);
  const [fixing, setFixing] = useState<DisclosureRequestView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const act = async (run: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      void message.success(t(done));
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

  const submit = async (v: FileForm) => {
    if (await act(() => disclosureRequestsApi.file(toBody(v)), 'disReq.filed')) form.resetFields();
  };

  const sendFix = async (v: { description: string }) => {
    if (!fixing) return;
    const ok = await act(
      () => disclosureRequestsApi.corrected(fixing.id, { description: v.description.trim() }),
      'disReq.corrected',
    );
    if (ok) setFixing(null);
  };

  const confirmWithdraw = (r: DisclosureRequestView) => {
    void modal.confirm({
      title: t('disReq.withdrawTitle'),
      content: t('disReq.withdrawConfirm', { no: r.requestNo }),
      okText: t('disReq.withdrawOk'),
      okButtonProps: { danger: true },
      cancelText: t('disReq.cancel'),
      onOk: async () => {
        await act(() => disclosureRequestsApi.withdraw(r.id), 'disReq.withdrawn');
      },
    });
  };

  const confirmPay = (r: DisclosureRequestView) => {
    void modal.confirm({
      title: t('disReq.payTitle'),
      content: t('disReq.payConfirm', { no: r.requestNo, n: r.feeNotice?.yuan ?? 0 }),
      okText: t('disReq.payOk'),
      cancelText: t('disReq.cancel'),
      onOk: async () => {
        await act(() => disclosureRequestsApi.payFee(r.id), 'disReq.paid');
      },
    });
  };

  const openNotice = (r: DisclosureRequestView, noticeId: string) => {
    disclosureRequestsApi
      .openNotice(r.id, noticeId)
      .catch((err: unknown) => void message.error(errorText(err)));
  };

  const agencyOptions =
    agencies.status === 'ok'
      ? agencies.data.agencies.map((a) => ({ value: a.departmentCode, label: a.departmentName }))
      : [];

  return (
    <div className="page my-disclosure-requests-page">
      <Typography.Title level={1} className="page-title">
        {t('disReq.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('disReq.intro')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} />}
      <Typography.Title level={2}>{t('disReq.new')}</Typography.Title>
      <Form<FileForm>
        form={form}
        name="file"
        layout="vertical"
        initialValues={{ deliveryForm: 'electronic', deliveryWay: 'online' }}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 720 }}
      >
        <Form.Item
          name="agency"
          label={t('disReq.agency')}
          rules={[{ required: true, message: t('disReq.agencyRequired') }]}
        >
          <Select options={agencyOptions} placeholder={t('disReq.agency')} />
        </Form.Item>
        {business && <OrgTypeField />}
        <RequestTextFields rows={4} />
        <DeliveryFields forms={['electronic', 'paper']} ways={['online', 'post', 'collection']} way={way} />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('disReq.submit')}
        </Button>
      </Form>

      <Typography.Title level={2} style={{ marginTop: 32 }}>
        {t('disReq.mine')}
      </Typography.Title>
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(p) => p.items.length === 0}
        emptyText={t('disReq.empty')}
      >
        {(page) => (
          <List
            dataSource={page.items}
            pagination={list.pagination(page)}
            renderItem={(r) => (
              <List.Item
                key={r.id}
                actions={[
                  ...(r.status === 'awaiting-correction'
                    ? [
                        <Button
                          key="fix"
                          onClick={() => {
                            fixForm.setFieldsValue({ description: r.description });
                            setFixing(r);
                          }}
                        >
                          {t('disReq.fix')}
                        </Button>,
                      ]
                    : []),
                  ...(r.status === 'awaiting-payment'
                    ? [
                        <Button key="pay" type="primary" disabled={busy} onClick={() => confirmPay(r)}>
                          {t('disReq.pay')}
                        </Button>,
                      ]
                    : []),
                  ...(WITHDRAWABLE.has(r.status)
                    ? [
                        <Button key="withdraw" danger disabled={busy} onClick={() => confirmWithdraw(r)}>
                          {t('disReq.withdraw')}
                        </Button>,
                      ]
                    : []),
                  ...r.notices.map((n) => (
                    <Button key={n.id} type="link" onClick={() => openNotice(r, n.id)}>
                      {t(`disReq.notice.${n.kind}`)}
                    </Button>
                  )),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{r.requestNo}</span>
                      <Tag color={STATUS_COLOR[r.status]}>{t(statusKey(r.status))}</Tag>
                      {r.overdue && <Tag color="red">{t('disReq.overdue')}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        {r.departmentName} · {t('disReq.receivedOn')} {r.receivedOn}
                        {(r.status === 'processing' || r.status === 'consulting') &&
                          ` · ${t('disReq.dueAt')} ${r.dueAt.slice(0, 10)}`}
                      </div>
                      <div>{r.description}</div>
                      {r.status === 'awaiting-correction' && r.correction && (
                        <div>
                          {t('disReq.correctionItems')}：{r.correction.items.join('；')}（
                          {t('disReq.correctionDue')} {r.correction.dueAt.slice(0, 10)}）
                        </div>
                      )}
                      {r.status === 'awaiting-payment' && r.feeNotice && (
                        <div className="disclosure-fee-notice">
                          {t('disReq.feeNotice', {
                            n: r.feeNotice.yuan,
                            due: r.feeNotice.dueAt.slice(0, 10),
                          })}
                        </div>
                      )}
                      {r.status === 'withdrawn' && r.withdrawReason !== null && (
                        <div>
                          {r.withdrawal?.via === 'paper'
                            ? t('disReq.withdrawnBy.paper', { receivedOn: r.withdrawal.receivedOn ?? '' })
                            : t(`disReq.withdrawnBy.${r.withdrawReason}`)}
                        </div>
                      )}
                      {r.answer && (
                        <div>
                          {t('disReq.answer')}：{t(`disReq.answer.${r.answer.type}`)}
                          {r.answer.feeYuan > 0 && ` · ${t('disReq.fee', { n: r.answer.feeYuan })}`}
                        </div>
                      )}
                      {r.feeNotice?.paidOn && (
                        <div>
                          {t('disReq.feePaid', {
                            n: r.feeNotice.yuan,
                            paidOn: r.feeNotice.paidOn,
                            receiptNo: r.feeNotice.receiptNo ?? '',
                          })}
                        </div>
                      )}
                      {r.delivery && <DeliveryLine delivery={r.delivery} />}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </AsyncView>

      <FormModal<{ description: string }>
        open={fixing !== null}
        title={t('disReq.fixTitle')}
        okText={t('disReq.fixSubmit')}
        busy={busy}
        form={fixForm}
        name="fix"
        onCancel={() => setFixing(null)}
        onFinish={(v) => void sendFix(v)}
        before={
          fixing?.correction && (
            <Typography.Paragraph>
              {t('disReq.correctionItems')}：{fixing.correction.items.join('；')}
            </Typography.Paragraph>
          )
        }
      >
        <Form.Item
          name="description"
          label={t('disReq.description')}
          rules={[{ required: true, whitespace: true, message: t('disReq.descriptionRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </FormModal>
    </div>
  );
}

/**
 * The officer's side forms of the 依申请公开 workbench for two closures: the 收费通知 of an answer that carries a
 * 信息处理费 (国办函〔2020〕109号) with 登记缴费 (the day paid, the receipt number; the answer is then given), and the
 * applicant's withdrawal sent on paper (登记书面撤回: the day received, a note and, optionally, the scanned letter).
 */
import { App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { disclosureRequestsApi, type DisclosureRequestView } from '../../api/disclosure-requests.api.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaToday, FormModal, trimmed, useRequestForm } from './request-form-kit.js';

const RECEIPT_NO = /^[A-Za-z0-9-]{4,40}$/;

interface PaymentForm {
  paidOn: string;
  receiptNo: string;
}

/** 收费通知 of a request waiting for the fee: the amount and period, and 登记缴费. */
export function FeePayment({
  request,
  onChanged,
}: {
  request: DisclosureRequestView;
  onChanged: (r: DisclosureRequestView) => void;
}) {
  const { t } = useI18n();
  const f = useRequestForm<PaymentForm>(onChanged);
  const notice = request.feeNotice;
  if (!notice) return null;
  const noticeDay = notice.notifiedAt.slice(0, 10);

  const submit = (v: PaymentForm) =>
    f.submit(() =>
      disclosureRequestsApi.recordFeePayment(request.id, { paidOn: v.paidOn, receiptNo: v.receiptNo.trim() }),
    );

  return (
    <div className="disclosure-fee" data-testid="disclosure-fee">
      <Typography.Text>
        {t('disWork.feeNotice', { n: notice.yuan, due: notice.dueAt.slice(0, 10) })}
      </Typography.Text>{' '}
      <Button size="small" onClick={f.show}>
        {t('disWork.recordPayment')}
      </Button>
      <FormModal<PaymentForm>
        {...f.modal}
        title={`${t('disWork.recordPayment')} · ${request.requestNo}`}
        okText={t('disWork.confirm')}
        name="fee-payment"
        initialValues={{ paidOn: chinaToday() }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="paidOn"
          label={t('disWork.paidOn')}
          rules={[{ required: true, message: t('disWork.paidOnRequired') }]}
        >
          <Input type="date" min={noticeDay} max={chinaToday()} />
        </Form.Item>
        <Form.Item
          name="receiptNo"
          label={t('disWork.receiptNo')}
          rules={[{ required: true, pattern: RECEIPT_NO, message: t('disWork.receiptNoInvalid') }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </FormModal>
    </div>
  );
}

interface WithdrawalForm {
  receivedOn: string;
  note?: string;
}

/** 登记书面撤回: a button and its form, for a request not yet answered. */
export function PaperWithdrawal({
  request,
  onChanged,
}: {
  request: DisclosureRequestView;
  onChanged: (r: DisclosureRequestView) => void;
}) {
  const { t } = useI18n();
  const f = useRequestForm<WithdrawalForm>(onChanged);
  const [scan, setScan] = useState<File | null>(null);

  const submit = (v: WithdrawalForm) => {
    const note = trimmed(v.note);
    return f.submit(async () => {
      const done = await disclosureRequestsApi.withdrawOnPaper(request.id, {
        receivedOn: v.receivedOn,
        ...(note !== undefined && { note }),
      });
      return scan ? disclosureRequestsApi.uploadWithdrawalScan(request.id, scan) : done;
    });
  };

  return (
    <>
      <Button
        size="small"
        danger
        onClick={() => {
          setScan(null);
          f.show();
        }}
      >
        {t('disWork.paperWithdraw')}
      </Button>
      <FormModal<WithdrawalForm>
        {...f.modal}
        title={`${t('disWork.paperWithdraw')} · ${request.requestNo}`}
        okText={t('disWork.confirm')}
        name="paper-withdrawal"
        initialValues={{ receivedOn: chinaToday() }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="receivedOn"
          label={t('disWork.withdrawReceivedOn')}
          rules={[{ required: true, message: t('disWork.withdrawReceivedOnRequired') }]}
        >
          <Input type="date" min={request.submittedAt.slice(0, 10)} max={chinaToday()} />
        </Form.Item>
        <Form.Item name="note" label={t('disWork.withdrawNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('disWork.withdrawScan')} htmlFor="paper-withdrawal-scan">
          <input
            id="paper-withdrawal-scan"
            type="file"
            name="scan"
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setScan(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
      </FormModal>
    </>
  );
}

/** How a withdrawn request was withdrawn (online or on paper) and its scanned letter, if any. */
export function WithdrawalLine({ request }: { request: DisclosureRequestView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const w = request.withdrawal;
  if (!w) return null;
  return (
    <div className="disclosure-withdrawal">
      {w.via === 'paper'
        ? t('disWork.withdrawnPaper', { receivedOn: w.receivedOn ?? '' })
        : t('disWork.withdrawnOnline')}
      {w.note && ` · ${w.note}`}
      {w.scan && (
        <Button
          size="small"
          type="link"
          onClick={() =>
            void disclosureRequestsApi
              .openWithdrawalScan(request.id)
              .catch((err: unknown) => void message.error(errorText(err)))
          }
        >
          {t('disWork.scan')}
        </Button>
      )}
    </div>
  );
}

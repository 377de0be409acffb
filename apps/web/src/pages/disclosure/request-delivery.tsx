/**
 * 送达记录 (寄送/领取) of a paper answer: the line both the applicant and the agency's staff read, and the officer's
 * form (`POST /requests/:id/delivery`): posted (寄送: date, carrier, tracking number) for an applicant who asked for
 * the post, collected (领取: date, by whom) for one who comes to the office. Recording again corrects the record.
 */
import { Button, Form, Input, Typography } from 'antd';
import {
  disclosureRequestsApi,
  type DeliveryBody,
  type DeliveryView,
  type DisclosureRequestView,
} from '../../api/disclosure-requests.api.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaToday, FormModal, useRequestForm } from './request-form-kit.js';

const TRACKING_NO = /^[A-Za-z0-9-]{6,40}$/;

interface DeliveryForm {
  deliveredOn: string;
  carrier?: string;
  trackingNo?: string;
  collectedBy?: string;
}

/** The delivery record in one zh-CN line. */
export function DeliveryLine({ delivery }: { delivery: DeliveryView }) {
  const { t } = useI18n();
  return (
    <div className="disclosure-delivery-line">
      {delivery.kind === 'posted'
        ? t('disDel.posted', {
            carrier: delivery.carrier ?? '',
            trackingNo: delivery.trackingNo ?? '',
            deliveredOn: delivery.deliveredOn,
          })
        : t('disDel.collected', {
            collectedBy: delivery.collectedBy ?? '',
            deliveredOn: delivery.deliveredOn,
          })}
    </div>
  );
}

/** The officer's delivery section of an answered request that goes by post or is collected. */
export function RequestDelivery({
  request,
  onChanged,
}: {
  request: DisclosureRequestView;
  onChanged: (r: DisclosureRequestView) => void;
}) {
  const { t } = useI18n();
  const f = useRequestForm<DeliveryForm>(onChanged);
  const { form } = f;
  const posted = request.deliveryWay === 'post';
  const answeredOn = request.answer?.answeredAt.slice(0, 10);
  const record = posted ? t('disDel.recordPosted') : t('disDel.recordCollected');

  const start = () => {
    form.resetFields();
    const d = request.delivery;
    form.setFieldsValue(
      d
        ? {
            deliveredOn: d.deliveredOn,
            ...(d.carrier !== null && { carrier: d.carrier }),
            ...(d.trackingNo !== null && { trackingNo: d.trackingNo }),
            ...(d.collectedBy !== null && { collectedBy: d.collectedBy }),
          }
        : { deliveredOn: chinaToday(), ...(posted && { carrier: '中国邮政EMS' }) },
    );
    f.show();
  };

  const submit = async (v: DeliveryForm) => {
    const body: DeliveryBody = posted
      ? {
          kind: 'posted',
          deliveredOn: v.deliveredOn,
          carrier: (v.carrier ?? '').trim(),
          trackingNo: (v.trackingNo ?? '').trim(),
        }
      : { kind: 'collected', deliveredOn: v.deliveredOn, collectedBy: (v.collectedBy ?? '').trim() };
    await f.submit(() => disclosureRequestsApi.recordDelivery(request.id, body), t('disDel.saved'));
  };

  return (
    <div className="disclosure-delivery" data-testid="disclosure-delivery">
      <Typography.Text strong>{t('disDel.title')}</Typography.Text>
      {request.delivery ? (
        <DeliveryLine delivery={request.delivery} />
      ) : (
        <div className="muted">{t('disDel.none')}</div>
      )}
      <Button size="small" onClick={start}>
        {request.delivery ? t('disDel.change') : record}
      </Button>
      <FormModal<DeliveryForm>
        {...f.modal}
        title={`${request.delivery ? t('disDel.change') : record} · ${request.requestNo}`}
        okText={t('disRem.save')}
        name="delivery"
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="deliveredOn"
          label={posted ? t('disDel.deliveredOnPosted') : t('disDel.deliveredOnCollected')}
          rules={[{ required: true, message: t('disDel.deliveredOnRequired') }]}
        >
          <Input type="date" min={answeredOn} max={chinaToday()} />
        </Form.Item>
        {posted ? (
          <>
            <Form.Item
              name="carrier"
              label={t('disDel.carrier')}
              rules={[{ required: true, whitespace: true, message: t('disDel.carrierRequired') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="trackingNo"
              label={t('disDel.trackingNo')}
              rules={[{ required: true, pattern: TRACKING_NO, message: t('disDel.trackingNoInvalid') }]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="collectedBy"
            label={t('disDel.collectedBy')}
            rules={[{ required: true, whitespace: true, message: t('disDel.collectedByRequired') }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        )}
      </FormModal>
    </div>
  );
}

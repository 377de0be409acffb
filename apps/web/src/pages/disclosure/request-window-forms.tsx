/**
 * The disclosure officer's forms beside the request workbench: registering a request handed in at the window, posted,
 * faxed or e-mailed (登记纸质/来信申请, `POST /requests/register`, with the receipt day of 《政府信息公开条例》 art. 31),
 * and recording a 行政复议 or 行政诉讼 against a request and its outcome (`POST/PUT /requests/:id/remedies`).
 */
import { Button, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  disclosureRequestsApi,
  REMEDY_OUTCOMES,
  type ApplicantOrgType,
  type DisclosureRequestView,
  type RegisterRequestBody,
  type RemedyOutcome,
} from '../../api/disclosure-requests.api.js';
import { residentIdValid, usccValid } from '../../components/id-check.js';
import { useI18n } from '../../i18n/i18n.js';
import {
  chinaToday,
  DeliveryFields,
  FormModal,
  OrgTypeField,
  RequestTextFields,
  trimmed,
  useRequestAction,
  useRequestForm,
} from './request-form-kit.js';

type Channel = 'window' | 'post' | 'fax' | 'email';
const CHANNELS: readonly Channel[] = ['window', 'post', 'fax', 'email'];

interface IntakeForm {
  channel: Channel;
  kind: 'person' | 'business';
  name: string;
  idNumber: string;
  organisationType?: ApplicantOrgType;
  phone?: string;
  description: string;
  purpose?: string;
  receivedOn?: string;
  deliveryForm: 'paper' | 'electronic';
  deliveryWay: 'online' | 'post' | 'collection';
  postalAddress?: string;
}

function intakeBody(v: IntakeForm): RegisterRequestBody {
  const phone = trimmed(v.phone);
  const purpose = trimmed(v.purpose);
  const postalAddress = trimmed(v.postalAddress);
  return {
    channel: v.channel,
    applicant: {
      kind: v.kind,
      name: v.name.trim(),
      idNumber: v.idNumber.trim().toUpperCase(),
      ...(phone !== undefined && { phone }),
      ...(v.kind === 'business' &&
        v.organisationType !== undefined && { organisationType: v.organisationType }),
    },
    description: v.description.trim(),
    ...(purpose !== undefined && { purpose }),
    // window: always today (the service's rule); otherwise the day entered (post: required)
    ...(v.channel !== 'window' && v.receivedOn && { receivedOn: v.receivedOn }),
    deliveryForm: v.deliveryForm,
    deliveryWay: v.deliveryWay,
    ...(v.deliveryWay === 'post' && postalAddress !== undefined && { postalAddress }),
  };
}

/** 登记纸质申请: a button opening the window-intake form; `onDone` after a request was registered. */
export function WindowIntake({ onDone }: { onDone: (r: DisclosureRequestView) => void }) {
  const { t } = useI18n();
  const f = useRequestForm<IntakeForm>(onDone);
  const { form } = f;
  const channel = Form.useWatch('channel', form) ?? 'window';
  const kind = Form.useWatch('kind', form) ?? 'person';
  const way = Form.useWatch('deliveryWay', form);
  const today = chinaToday();

  const submit = (v: IntakeForm) =>
    f.submit(
      () => disclosureRequestsApi.register(intakeBody(v)),
      (done) => t('disWin.done', { no: done.requestNo }),
    );

  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          form.resetFields();
          f.show();
        }}
      >
        {t('disWin.open')}
      </Button>
      <FormModal<IntakeForm>
        {...f.modal}
        title={t('disWin.title')}
        okText={t('disWin.submit')}
        name="window-intake"
        initialValues={{
          channel: 'window',
          kind: 'person',
          deliveryForm: 'paper',
          deliveryWay: 'collection',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="channel" label={t('disWin.channel')}>
          <Radio.Group options={CHANNELS.map((c) => ({ value: c, label: t(`disWin.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item
          name="receivedOn"
          label={t('disWin.receivedOn')}
          extra={t(`disWin.receivedOnHelp.${channel}`)}
          hidden={channel === 'window'}
          rules={[
            { required: channel === 'post', message: t('disWin.receivedOnRequired') },
            {
              validator: (_, v: string | undefined) =>
                v && v > today ? Promise.reject(new Error(t('disWin.receivedOnFuture'))) : Promise.resolve(),
            },
          ]}
        >
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="kind" label={t('disWin.kind')}>
          <Radio.Group
            options={(['person', 'business'] as const).map((k) => ({
              value: k,
              label: t(`disWin.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('disWin.name')}
          rules={[{ required: true, whitespace: true, message: t('disWin.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t(`disWin.idNumber.${kind}`)}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const s = (v ?? '').trim().toUpperCase();
                const ok = kind === 'person' ? residentIdValid(s) : usccValid(s);
                return ok
                  ? Promise.resolve()
                  : Promise.reject(new Error(t(`disWin.idNumberInvalid.${kind}`)));
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        {kind === 'business' && <OrgTypeField />}
        <Form.Item
          name="phone"
          label={t('disWin.phone')}
          rules={[{ pattern: /^[0-9+\-\s]{5,30}$/, message: t('disWin.phoneInvalid') }]}
        >
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <RequestTextFields rows={3} />
        <DeliveryFields forms={['paper', 'electronic']} ways={['collection', 'post', 'online']} way={way} />
      </FormModal>
    </>
  );
}

interface RemedyForm {
  kind: 'review' | 'litigation';
  filedOn: string;
  outcome: RemedyOutcome;
  decidedOn?: string;
  note?: string;
}

/**
 * 行政复议和行政诉讼 of one request: the recorded cases with their outcome, a button to record one and, per case, one to
 * update its outcome (e.g. once decided). `onChanged` gets the request as it now stands.
 */
export function RequestRemedies({
  request,
  onChanged,
}: {
  request: DisclosureRequestView;
  onChanged: (r: DisclosureRequestView) => void;
}) {
  const { t } = useI18n();
  const { busy, run } = useRequestAction();
  const [editing, setEditing] = useState<{ remedyId: string | null } | null>(null);
  const [form] = Form.useForm<RemedyForm>();
  const outcome = Form.useWatch('outcome', form);
  const today = chinaToday();

  const open = (remedyId: string | null) => {
    form.resetFields();
    const m = request.remedies.find((x) => x.id === remedyId);
    form.setFieldsValue(
      m
        ? {
            kind: m.kind,
            filedOn: m.filedOn,
            outcome: m.outcome,
            ...(m.decidedOn !== null && { decidedOn: m.decidedOn }),
            ...(m.note !== null && { note: m.note }),
          }
        : { kind: 'review', outcome: 'pending' },
    );
    setEditing({ remedyId });
  };

  const submit = async (v: RemedyForm) => {
    if (!editing) return;
    const note = trimmed(v.note);
    const body = {
      kind: v.kind,
      filedOn: v.filedOn,
      outcome: v.outcome,
      ...(v.outcome !== 'pending' && v.decidedOn && { decidedOn: v.decidedOn }),
      ...(note !== undefined && { note }),
    };
    const { remedyId } = editing;
    const r = await run(
      () =>
        remedyId === null
          ? disclosureRequestsApi.addRemedy(request.id, body)
          : disclosureRequestsApi.updateRemedy(request.id, remedyId, body),
      t('disRem.saved'),
    );
    if (r === undefined) return;
    setEditing(null);
    onChanged(r);
  };

  return (
    <div className="disclosure-remedies">
      <Typography.Text strong>{t('disRem.title')}</Typography.Text>
      {request.remedies.length === 0 ? (
        <div className="muted">{t('disRem.none')}</div>
      ) : (
        request.remedies.map((m) => (
          <div key={m.id} className="disclosure-remedy" data-id={m.id}>
            <Space wrap size={4}>
              <span>
                {t('disRem.line', {
                  kind: t(`disRem.kind.${m.kind}`),
                  filedOn: m.filedOn,
                  outcome: t(`disRem.outcome.${m.outcome}`),
                })}
                {m.decidedOn !== null && t('disRem.decided', { decidedOn: m.decidedOn })}
              </span>
              <Button size="small" type="link" onClick={() => open(m.id)}>
                {t('disRem.edit')}
              </Button>
            </Space>
          </div>
        ))
      )}
      <Button size="small" onClick={() => open(null)}>
        {t('disRem.add')}
      </Button>
      <FormModal<RemedyForm>
        open={editing !== null}
        title={`${t(editing?.remedyId ? 'disRem.edit' : 'disRem.add')} · ${request.requestNo}`}
        okText={t('disRem.save')}
        busy={busy}
        form={form}
        name="remedy"
        onCancel={() => setEditing(null)}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="kind" label={t('disRem.kind')}>
          <Radio.Group
            options={(['review', 'litigation'] as const).map((k) => ({
              value: k,
              label: t(`disRem.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="filedOn"
          label={t('disRem.filedOn')}
          rules={[{ required: true, message: t('disRem.filedOnRequired') }]}
        >
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="outcome" label={t('disRem.outcome')}>
          <Radio.Group
            options={REMEDY_OUTCOMES.map((o) => ({ value: o, label: t(`disRem.outcome.${o}`) }))}
          />
        </Form.Item>
        {outcome !== undefined && outcome !== 'pending' && (
          <Form.Item
            name="decidedOn"
            label={t('disRem.decidedOn')}
            dependencies={['filedOn']}
            rules={[
              { required: true, message: t('disRem.decidedOnRequired') },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) => {
                  const filed = getFieldValue('filedOn') as string | undefined;
                  return v && filed && v < filed
                    ? Promise.reject(new Error(t('disRem.decidedOnBefore')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <Input type="date" max={today} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('disRem.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </div>
  );
}

/**
 * What the 依申请公开 screens share (my-requests-page, request-work-page and its side forms): the China date of today,
 * a modal that holds one antd form and submits it on OK, the busy/success/error handling of one action, and the form
 * items of a request that both the applicant's online form and the officer's window form ask for (description,
 * purpose, the wanted form and way of delivery, a 法人's organisation type).
 */
import { App, Form, Input, Modal, Radio, Select, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { APPLICANT_ORG_TYPES, type DisclosureRequestView } from '../../api/disclosure-requests.api.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';

/** Today in China (YYYY-MM-DD). */
export const chinaToday = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** The trimmed text, or undefined when nothing is left. */
export const trimmed = (v: string | undefined): string | undefined => {
  const s = (v ?? '').trim();
  return s === '' ? undefined : s;
};

/**
 * One action at a time: `run` marks it busy, shows `done` (a text, or made from the result) or the zh-CN error text,
 * and returns the action's result, or undefined when it failed.
 */
export function useRequestAction() {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async <R,>(
    action: () => Promise<R>,
    done: string | ((r: R) => string),
  ): Promise<R | undefined> => {
    setBusy(true);
    try {
      const r = await action();
      void message.success(typeof done === 'string' ? done : done(r));
      return r;
    } catch (err) {
      void message.error(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/**
 * A side form that changes one request, shown in a {@link FormModal} (spread `modal` into it): `show` opens it,
 * `submit` runs the action (see {@link useRequestAction}), then closes the form and hands the request as it now
 * stands to `onChanged`.
 */
export function useRequestForm<V>(onChanged: (r: DisclosureRequestView) => void) {
  const { t } = useI18n();
  const { busy, run } = useRequestAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<V>();
  const submit = async (
    action: () => Promise<DisclosureRequestView>,
    done: string | ((r: DisclosureRequestView) => string) = t('disWork.done'),
  ): Promise<void> => {
    const r = await run(action, done);
    if (r === undefined) return;
    setOpen(false);
    onChanged(r);
  };
  return {
    form,
    show: () => setOpen(true),
    submit,
    modal: { open, busy, form, onCancel: () => setOpen(false) },
  };
}

/** A modal with one form: OK submits it (validation first), Cancel closes it; the form is dropped when hidden. */
export function FormModal<V>({
  open,
  title,
  okText,
  busy,
  form,
  name,
  initialValues,
  onCancel,
  onFinish,
  before,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  busy: boolean;
  form: FormInstance<V>;
  name: string;
  initialValues?: Partial<V>;
  onCancel: () => void;
  onFinish: (v: V) => void;
  /** Shown above the form (e.g. what the notice asked for). */
  before?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('disReq.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {before}
      <Form<V>
        form={form}
        name={name}
        layout="vertical"
        {...(initialValues !== undefined && { initialValues })}
        onFinish={onFinish}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** 所需政府信息的描述 and 用途: the request's text. */
export function RequestTextFields({ rows }: { rows: number }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="description"
        label={t('disReq.description')}
        extra={t('disReq.descriptionHelp')}
        rules={[{ required: true, whitespace: true, message: t('disReq.descriptionRequired') }]}
      >
        <Input.TextArea rows={rows} maxLength={4000} />
      </Form.Item>
      <Form.Item name="purpose" label={t('disReq.purpose')}>
        <Input maxLength={1000} />
      </Form.Item>
    </>
  );
}

type DeliveryForm = 'paper' | 'electronic';
type DeliveryWay = 'online' | 'post' | 'collection';

/**
 * 获取信息的形式和方式 (art. 29 ¶2 (三)), the options in the order given (the most likely first), and the postal
 * address when the way is the post.
 */
export function DeliveryFields({
  forms,
  ways,
  way,
}: {
  forms: readonly DeliveryForm[];
  ways: readonly DeliveryWay[];
  way: DeliveryWay | undefined;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="deliveryForm" label={t('disReq.deliveryForm')}>
        <Radio.Group options={forms.map((f) => ({ value: f, label: t(`disReq.form.${f}`) }))} />
      </Form.Item>
      <Form.Item name="deliveryWay" label={t('disReq.deliveryWay')}>
        <Radio.Group options={ways.map((w) => ({ value: w, label: t(`disReq.way.${w}`) }))} />
      </Form.Item>
      {way === 'post' && (
        <Form.Item
          name="postalAddress"
          label={t('disReq.postalAddress')}
          rules={[{ required: true, whitespace: true, message: t('disReq.postalAddressRequired') }]}
        >
          <Input maxLength={300} />
        </Form.Item>
      )}
    </>
  );
}

/** 法人或其他组织类型 (the annual report's columns), required of a business applicant. */
export function OrgTypeField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="organisationType"
      label={t('disOrg.label')}
      extra={t('disOrg.help')}
      rules={[{ required: true, message: t('disOrg.required') }]}
    >
      <Select
        placeholder={t('disOrg.label')}
        options={APPLICANT_ORG_TYPES.map((o) => ({ value: o, label: t(`disOrg.${o}`) }))}
      />
    </Form.Item>
  );
}

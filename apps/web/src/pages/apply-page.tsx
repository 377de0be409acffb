import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Skeleton,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  intakeApi,
  type Application,
  type DeliveryChoice,
  type ImplementationView,
  type MaterialInput,
  type MaterialSpec,
  type UploadedFile,
} from '../api/intake.api.js';
import { materialAcceptsLicences } from '../api/wallet-pick.api.js';
import { LicencePicker, type PickedLicence } from '../components/licence-picker.js';
import {
  ApplicationFormFields,
  askedFields,
  displayValue,
  formDataOf,
  heldPrefills,
} from '../components/application-form-fields.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { useAsync } from '../components/use-async.js';
import { FileUpload } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useAuth } from '../auth/auth.js';
import { CodeRoute } from '../components/url-schema.js';
import { useParamsSchema } from '../components/use-url-params.js';

/** The general form (items whose catalog entry has no 申请表 of its own), or the item's own fields by key. */
interface FormValues {
  shopName: string;
  address: string;
  phone: string;
  remark?: string;
  [key: string]: unknown;
}

type Choice =
  | { how: 'upload'; file?: UploadedFile }
  | { how: 'promise'; text: string }
  | { how: 'licence'; licence?: PickedLicence };

/** 代办: the walk-in applicant a clerk submits for (intake's `applicant`). */
export interface AgentApplicant {
  kind: 'person' | 'business';
  name: string;
  idNumber: string;
  phone?: string;
}

export interface WizardOptions {
  /** 代办: submit for this applicant (no wallet: e-licences cannot be picked). */
  agent?: AgentApplicant;
  /** Where to go after submitting (default: the applicant's own application page). */
  afterSubmit?: (app: Application) => string;
}

/** 在线申报: form → one upload (or promise) per material → review → submit with an Idempotency-Key. */
export function ApplyPage() {
  const { code } = useParamsSchema(CodeRoute);
  const [state, reload] = useAsync((signal) => intakeApi.implementation(code, signal), [code]);
  if (state.status === 'loading') return <Skeleton active className="page" />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  return <ApplyWizard view={state.data} />;
}

export function ApplyWizard({ view, agent, afterSubmit }: { view: ImplementationView } & WizardOptions) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const snapshot = view.snapshot;
  const ownFields = snapshot.applicationForm?.fields ?? [];
  const ownForm = ownFields.length > 0;
  const { user } = useAuth();
  // What the account (or, for 代办, the walk-in applicant the clerk named) already holds is not asked.
  const held = useMemo(
    () =>
      agent
        ? heldPrefills({ kind: agent.kind, hasPhone: Boolean(agent.phone) })
        : heldPrefills({ kind: user?.uscc ? 'business' : 'person' }),
    [agent, user?.uscc],
  );
  const fieldMessage = (e: { key: string; code: string }) => {
    const f = ownFields.find((x) => x.key === e.key);
    const label = f?.label ?? e.key;
    if (e.code === 'required') return t('form.required', { label });
    if (e.code === 'pattern' && f?.patternMessage) return f.patternMessage;
    return t('form.invalid', { label });
  };
  const [step, setStep] = useState(0);
  const [form] = Form.useForm<FormValues>();
  const [values, setValues] = useState<FormValues | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [delivery, setDelivery] = useState<DeliveryChoice['method']>('window');
  const [post, setPost] = useState({ recipient: '', phone: '', address: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One key per wizard: a retried submit (double click, network) returns the same application.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const choiceOf = (m: MaterialSpec): Choice => choices[m.id] ?? { how: 'upload' };
  const setChoice = (id: string, c: Choice) => setChoices((prev) => ({ ...prev, [id]: c }));
  const provided = (m: MaterialSpec) => {
    const c = choiceOf(m);
    if (c.how === 'licence') return c.licence !== undefined;
    return c.how === 'upload' ? c.file !== undefined : c.text.trim() !== '';
  };
  // What 提交申请 still waits for (shown under the disabled button, not only greyed out).
  const postMissing: MessageKey[] =
    delivery !== 'post'
      ? []
      : [
          ...(post.recipient.trim() === '' ? (['lists.missingRecipient'] as const) : []),
          ...(/^[0-9+\- ]{5,30}$/.test(post.phone.trim()) ? [] : (['lists.missingPhone'] as const)),
          ...(post.address.trim() === '' ? (['lists.missingAddress'] as const) : []),
        ];
  const postComplete = postMissing.length === 0;
  // 邮寄: the recipient, phone and address start from what the account (or the form just filled in) holds.
  const [prefilled, setPrefilled] = useState(false);
  const choosePost = () => {
    if (post.recipient !== '' || post.phone !== '' || post.address !== '') return;
    const formAddress = ownForm
      ? ownFields.find((f) => f.type === 'address' && typeof values?.[f.key] === 'string')
      : undefined;
    const address = formAddress ? values?.[formAddress.key] : values?.address;
    const next = {
      recipient: agent?.name ?? user?.name ?? '',
      phone: agent?.phone ?? user?.phone ?? (typeof values?.phone === 'string' ? values.phone : ''),
      address: typeof address === 'string' ? address : '',
    };
    setPost(next);
    setPrefilled(next.recipient !== '' || next.phone !== '' || next.address !== '');
  };
  const materialsComplete = snapshot.materials.filter((m) => m.required).every(provided);

  const materialInputs = (): MaterialInput[] =>
    snapshot.materials.flatMap((m): MaterialInput[] => {
      const c = choiceOf(m);
      if (c.how === 'promise')
        return c.text.trim() ? [{ materialId: m.id, source: 'promise', promise: c.text.trim() }] : [];
      if (c.how === 'licence')
        return c.licence
          ? [{ materialId: m.id, source: 'licence', licenceIdentifier: c.licence.identifier }]
          : [];
      return c.file ? [{ materialId: m.id, source: 'upload', fileIds: [c.file.id] }] : [];
    });

  const submit = async () => {
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      let formData: Record<string, unknown>;
      if (ownForm) {
        formData = formDataOf(ownFields, values, held);
      } else {
        formData = { shopName: values.shopName, address: values.address, phone: values.phone };
        if (values.remark) formData.remark = values.remark;
      }
      const contactPhone =
        typeof values.phone === 'string' && values.phone.trim() !== '' ? values.phone.trim() : undefined;
      const app = await intakeApi.submit(
        {
          implementationCode: view.code,
          formData,
          materials: materialInputs(),
          delivery:
            delivery === 'post'
              ? {
                  method: 'post',
                  address: {
                    recipient: post.recipient.trim(),
                    phone: post.phone.trim(),
                    address: post.address.trim(),
                  },
                }
              : { method: delivery },
          ...(contactPhone ? { contact: { phone: contactPhone } } : {}),
          ...(agent ? { applicant: agent } : {}),
        },
        idempotencyKey,
      );
      void message.success(t('apply.submitted', { no: app.no }));
      void navigate(afterSubmit ? afterSubmit(app) : `/me/applications/${encodeURIComponent(app.no)}`);
    } catch (err) {
      setError(err);
      void message.error(errorText(err));
      // Field-level problems of the item's own form: back to the form with each message on its field.
      const fieldErrors = formErrorsOf(err);
      if (ownForm && fieldErrors.length > 0) {
        setStep(0);
        setTimeout(
          () => form.setFields(fieldErrors.map((e) => ({ name: e.key, errors: [fieldMessage(e)] }))),
          0,
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <Typography.Title level={1} className="page-title">
        {t('apply.title', { name: snapshot.baseItem.name })}
      </Typography.Title>
      <p className="muted">
        {snapshot.regionName} · {snapshot.implementingBody.name}
      </p>
      {agent && (
        <Alert
          type="info"
          showIcon
          className="bottom-gap"
          data-testid="agent-banner"
          title={t('agent.banner', { name: agent.name, id: maskId(agent.idNumber) })}
        />
      )}
      <Steps
        size="small"
        current={step}
        responsive={false}
        items={[
          { title: t('apply.stepForm') },
          { title: t('apply.stepMaterials') },
          { title: t('apply.stepReview') },
        ]}
      />
      {step === 0 && (
        <Card>
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={values ?? undefined}
            onFinish={(v) => {
              setValues(v);
              setStep(1);
            }}
          >
            {ownForm ? (
              <ApplicationFormFields fields={ownFields} held={held} />
            ) : (
              <>
                <Form.Item
                  name="shopName"
                  label={t('apply.subjectName')}
                  rules={[{ required: true, whitespace: true, max: 100 }]}
                >
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item
                  name="address"
                  label={t('apply.address')}
                  rules={[{ required: true, whitespace: true, max: 200 }]}
                >
                  <Input maxLength={200} autoComplete="street-address" />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label={t('apply.phone')}
                  rules={[{ required: true, pattern: /^[0-9+\- ]{5,30}$/ }]}
                >
                  <Input maxLength={30} inputMode="tel" autoComplete="tel" />
                </Form.Item>
                <Form.Item name="remark" label={t('apply.remark')}>
                  <Input.TextArea maxLength={500} rows={2} />
                </Form.Item>
              </>
            )}
            <Button type="primary" htmlType="submit">
              {t('apply.next')}
            </Button>
          </Form>
        </Card>
      )}
      {step === 1 && (
        <Card>
          <ol className="material-inputs">
            {snapshot.materials.map((m) => {
              const c = choiceOf(m);
              return (
                <li key={m.id} className="material-input" data-material={m.id}>
                  <div>
                    <strong>{m.name}</strong>{' '}
                    <Tag color={m.required ? 'red' : 'default'}>
                      {m.required ? t('work.required') : t('work.optional')}
                    </Tag>
                  </div>
                  {(m.promiseAllowed || (!agent && materialAcceptsLicences(m))) && (
                    <Radio.Group
                      aria-label={`${t('apply.how')}：${m.name}`}
                      value={c.how}
                      onChange={(e) => {
                        const how = String(e.target.value);
                        setChoice(
                          m.id,
                          how === 'promise'
                            ? { how: 'promise', text: t('apply.promiseDefault') }
                            : how === 'licence'
                              ? { how: 'licence' }
                              : { how: 'upload' },
                        );
                      }}
                      options={[
                        { value: 'upload', label: t('apply.byUpload') },
                        ...(!agent && materialAcceptsLicences(m)
                          ? [{ value: 'licence', label: t('pick.byLicence') }]
                          : []),
                        ...(m.promiseAllowed ? [{ value: 'promise', label: t('apply.byPromise') }] : []),
                      ]}
                    />
                  )}
                  {c.how === 'upload' && (
                    <FileUpload
                      label={t('work.uploadFor', { name: m.name })}
                      onUploaded={(file) => setChoice(m.id, { how: 'upload', file })}
                    />
                  )}
                  {c.how === 'licence' && (
                    <LicencePicker
                      implementationCode={view.code}
                      material={m}
                      value={c.licence}
                      onChange={(licence) => setChoice(m.id, { how: 'licence', licence })}
                    />
                  )}
                  {c.how === 'promise' && (
                    <Input.TextArea
                      aria-label={`${t('apply.promiseText')}：${m.name}`}
                      value={c.text}
                      maxLength={2000}
                      rows={3}
                      onChange={(e) => setChoice(m.id, { how: 'promise', text: e.target.value })}
                    />
                  )}
                </li>
              );
            })}
          </ol>
          {!materialsComplete && <Alert type="info" showIcon title={t('work.allOrNothing')} />}
          <div className="button-row">
            <Button onClick={() => setStep(0)}>{t('apply.prev')}</Button>
            <Button type="primary" disabled={!materialsComplete} onClick={() => setStep(2)}>
              {t('apply.next')}
            </Button>
          </div>
        </Card>
      )}
      {step === 2 && values && (
        <Card>
          <p>{t('apply.reviewHint', { body: snapshot.implementingBody.name })}</p>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              ...(ownForm
                ? askedFields(ownFields, held).map((f) => ({
                    key: `form-${f.key}`,
                    label: f.label,
                    children: displayValue(f, values[f.key], (b) => (b ? t('form.yes') : t('form.no'))),
                  }))
                : [
                    { key: 'name', label: t('apply.subjectName'), children: values.shopName },
                    { key: 'address', label: t('apply.address'), children: values.address },
                    { key: 'phone', label: t('apply.phone'), children: values.phone },
                  ]),
              ...snapshot.materials.flatMap((m) => {
                const c = choiceOf(m);
                const text =
                  c.how === 'promise'
                    ? `${t('work.promise')}：${c.text}`
                    : c.how === 'licence'
                      ? c.licence && `${t('work.fromLicence')}：${c.licence.name}`
                      : c.file?.name;
                return text ? [{ key: m.id, label: m.name, children: text }] : [];
              }),
            ]}
          />
          <Form layout="vertical" className="top-gap">
            <Form.Item label={t('work.delivery')}>
              <Radio.Group
                aria-label={t('work.delivery')}
                value={delivery}
                onChange={(e) => {
                  const method = e.target.value as DeliveryChoice['method'];
                  setDelivery(method);
                  if (method === 'post') choosePost();
                }}
                options={[
                  { value: 'window', label: t('work.deliveryWindow') },
                  { value: 'post', label: t('work.deliveryPost') },
                  { value: 'electronic', label: t('work.deliveryElectronic') },
                ]}
              />
            </Form.Item>
            {delivery === 'post' && (
              <>
                {prefilled && (
                  <p className="muted" data-testid="post-prefilled">
                    {t('lists.addressFromProfile')}
                  </p>
                )}
                <Form.Item label={t('work.recipient')} required>
                  <Input
                    aria-label={t('work.recipient')}
                    value={post.recipient}
                    onChange={(e) => setPost({ ...post, recipient: e.target.value })}
                    maxLength={100}
                    autoComplete="name"
                  />
                </Form.Item>
                <Form.Item label={t('work.phone')} required>
                  <Input
                    aria-label={t('work.phone')}
                    value={post.phone}
                    onChange={(e) => setPost({ ...post, phone: e.target.value })}
                    maxLength={30}
                    inputMode="tel"
                    autoComplete="tel"
                  />
                </Form.Item>
                <Form.Item label={t('work.address')} required>
                  <Input
                    aria-label={t('work.address')}
                    value={post.address}
                    onChange={(e) => setPost({ ...post, address: e.target.value })}
                    maxLength={500}
                    autoComplete="street-address"
                  />
                </Form.Item>
              </>
            )}
          </Form>
          {error !== null && <ErrorAlert error={error} />}
          <div className="button-row">
            <Button onClick={() => setStep(1)}>{t('apply.prev')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!postComplete}
              aria-describedby={postComplete ? undefined : 'submit-missing'}
              onClick={() => void submit()}
            >
              {t('apply.submit')}
            </Button>
          </div>
          {!postComplete && (
            <div
              id="submit-missing"
              className="muted top-gap"
              data-testid="submit-missing"
              aria-live="polite"
            >
              {t('lists.missingTitle')}
              <ul>
                {postMissing.map((k) => (
                  <li key={k}>{t(k)}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}

/** 110101********1234: the middle of an ID number hidden on screen. */
export function maskId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}

/** `FORM_INVALID` details of a failed submit: which field, which rule. */
function formErrorsOf(err: unknown): Array<{ key: string; code: string }> {
  const details = (err as { details?: { fields?: unknown } } | null)?.details;
  const fields =
    details && Array.isArray(details.fields)
      ? (details.fields as Array<{ field?: unknown; code?: unknown }>)
      : [];
  return fields.flatMap((f) =>
    typeof f.field === 'string' && f.field.startsWith('formData.')
      ? [{ key: f.field.slice('formData.'.length), code: typeof f.code === 'string' ? f.code : 'invalid' }]
      : [],
  );
}

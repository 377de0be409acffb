/** An implementation (/catalog-admin/implementations/:code): locked elements read-only, the server's field errors on the field they name. */
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  catalogAdminApi,
  type BaseItem,
  type ImplementationAdmin,
  type ImplementationDraft,
  type ImplementationPatch,
} from '../../api/catalog-admin.api.js';
import { AUDIENCES, CASE_TYPES, ITEM_TYPES, LEVELS, nameOf } from '../../api/catalog-codes.js';
import { useRegionName } from '../region-picker.js';
import { useErrorText } from '../../components/error-alert.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { CatalogNav, StatusTag } from './catalog-nav.js';
import { SaveFailedAlert } from './save-failed-alert.js';
import { applyServerErrors, useFieldLabel, useRuleText } from './server-errors.js';
import { CodeRoute } from '../../components/url-schema.js';
import { useParamsSchema } from '../../components/use-url-params.js';

interface ImplForm {
  promisedLimitDays: number;
  legalLimitDays?: number;
  caseType: ImplementationDraft['caseType'];
  audiences: ImplementationDraft['audiences'];
  themes: string[];
  competentDepartment?: string;
  acceptanceConditions: string;
  resultName: string;
  service: {
    place: string;
    hours: string;
    consultPhone: string;
    complaintPhone: string;
    visits: number;
    online: boolean;
    appointment: boolean;
    onlinePayment: boolean;
    courierDelivery: boolean;
  };
  quantityLimit: { limited: boolean; limit?: string; basis?: string };
  fees: Array<{ item: string; standard: string; basis?: string; waivable?: boolean; reductions?: string }>;
  intermediaryProviders: Array<{ service: string; name: string; uscc: string; contact?: string }>;
}

/** Field paths of the repeated rows, per row (server errors name `fees.N.basis` …). */
const FEE_KEYS = ['item', 'standard', 'basis', 'waivable', 'reductions'];
const PROVIDER_KEYS = ['service', 'name', 'uscc', 'contact'];
const rowFields = (list: string, n: number, keys: readonly string[]) =>
  Array.from({ length: n }, (_, i) => keys.map((k) => `${list}.${i}.${k}`)).flat();

const IMPL_FIELDS = [
  'promisedLimitDays',
  'legalLimitDays',
  'caseType',
  'audiences',
  'themes',
  'competentDepartment',
  'acceptanceConditions',
  'resultName',
  'service.place',
  'service.hours',
  'service.consultPhone',
  'service.complaintPhone',
  'service.visits',
  'service.online',
  'service.appointment',
  'service.onlinePayment',
  'service.courierDelivery',
  'quantityLimit.limited',
  'quantityLimit.limit',
  'quantityLimit.basis',
];

export function ImplementationPage() {
  const { t } = useI18n();
  const { code } = useParamsSchema(CodeRoute);
  const [state, reload] = useAsync(
    async (signal) => {
      const impl = await catalogAdminApi.implementation(code, signal);
      const base = await catalogAdminApi.baseItem(impl.draft.baseCode, signal);
      return { impl, base };
    },
    [code],
  );
  return (
    <div className="page">
      <h1 className="page-title">{state.status === 'ok' ? state.data.base.name : t('cat.implementation')}</h1>
      <CatalogNav />
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <ImplementationEditor
            key={data.impl.updatedAt}
            impl={data.impl}
            base={data.base}
            onChanged={reload}
          />
        )}
      </AsyncView>
    </div>
  );
}

function LockedTag() {
  const { t } = useI18n();
  return (
    <Tag color="purple" className="locked-tag">
      {t('cat.locked')}
    </Tag>
  );
}

function ImplementationEditor({
  impl,
  base,
  onChanged,
}: {
  impl: ImplementationAdmin;
  base: BaseItem;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const regionName = useRegionName();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const ruleText = useRuleText();
  const fieldLabel = useFieldLabel();
  const [form] = Form.useForm<ImplForm>();
  const [busy, setBusy] = useState<'save' | 'publish' | 'retire' | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const d = impl.draft;
  const inheritsLimit = base.legalLimitDays !== null;
  const [sample, setSample] = useState<ImplementationDraft['resultSample']>(d.resultSample);
  const [uploading, setUploading] = useState(false);
  const limited = Form.useWatch(['quantityLimit', 'limited'], form) ?? d.quantityLimit.limited;
  const serviceNames = base.intermediaryServices.map((s) => s.name);
  const fieldsOf = (v: Pick<ImplForm, 'fees' | 'intermediaryProviders'>) => [
    ...IMPL_FIELDS,
    ...rowFields('fees', v.fees?.length ?? 0, FEE_KEYS),
    ...rowFields('intermediaryProviders', v.intermediaryProviders?.length ?? 0, PROVIDER_KEYS),
  ];

  const uploadSample = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setGeneral(null);
    try {
      setSample(await catalogAdminApi.uploadFile(file));
      setDirty(true);
      void message.success(t('cel.sampleUploaded'));
    } catch (err) {
      setGeneral(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  const save = async (values: ImplForm): Promise<boolean> => {
    setBusy('save');
    setGeneral(null);
    const patch: ImplementationPatch = {
      promisedLimitDays: values.promisedLimitDays,
      caseType: values.caseType,
      audiences: values.audiences,
      themes: values.themes,
      acceptanceConditions: values.acceptanceConditions ?? '',
      resultName: values.resultName ?? '',
      service: { ...d.service, ...values.service },
      quantityLimit: values.quantityLimit.limited
        ? {
            limited: true,
            limit: values.quantityLimit.limit ?? '',
            basis: values.quantityLimit.basis ?? '',
          }
        : { limited: false, limit: '', basis: '' },
      fees: (values.fees ?? []).map((f) => ({
        item: f.item,
        standard: f.standard,
        basis: f.basis ?? '',
        waivable: f.waivable ?? false,
        reductions: f.reductions ?? '',
      })),
      intermediaryProviders: (values.intermediaryProviders ?? []).map((p) => ({
        service: p.service,
        name: p.name,
        uscc: p.uscc,
        contact: p.contact ?? '',
      })),
      resultSample: sample ?? null,
      ...(values.competentDepartment ? { competentDepartment: values.competentDepartment } : {}),
      ...(!inheritsLimit && values.legalLimitDays !== undefined && values.legalLimitDays !== null
        ? { legalLimitDays: values.legalLimitDays }
        : {}),
    };
    try {
      await catalogAdminApi.updateImplementation(impl.implementationCode, patch);
      void message.success(t('cat.draftSaved'));
      setDirty(false);
      onChanged();
      return true;
    } catch (err) {
      setGeneral(applyServerErrors(form, fieldsOf(values), err, errorText, ruleText, fieldLabel));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const publish = () =>
    modal.confirm({
      title: t('cat.publishConfirm'),
      content: t('cat.publishConfirmHint', { v: impl.currentVersion + 1 }),
      okText: t('cat.publish'),
      cancelText: t('sup.cancel'),
      onOk: async () => {
        setBusy('publish');
        setGeneral(null);
        try {
          const r = await catalogAdminApi.publish(impl.implementationCode);
          void message.success(
            r.published ? t('cat.published', { v: r.version }) : t('cat.unchanged', { v: r.version }),
          );
          onChanged();
        } catch (err) {
          setGeneral(applyServerErrors(form, IMPL_FIELDS, err, errorText, ruleText, fieldLabel));
        } finally {
          setBusy(null);
        }
      },
    });

  const retire = () => {
    let reason = '';
    modal.confirm({
      title: t('cat.retireConfirm'),
      content: (
        <>
          <p>{t('cat.retireHint')}</p>
          <label htmlFor="retire-reason" className="field-label">
            {t('cat.retireReason')}
          </label>
          <Input.TextArea
            id="retire-reason"
            rows={3}
            maxLength={1000}
            onChange={(e) => (reason = e.target.value)}
          />
        </>
      ),
      okText: t('cat.retire'),
      okButtonProps: { danger: true },
      cancelText: t('sup.cancel'),
      onOk: async () => {
        setBusy('retire');
        try {
          await catalogAdminApi.retire(impl.implementationCode, reason.trim());
          void message.success(t('cat.retired'));
          onChanged();
        } catch (err) {
          setGeneral(errorText(err));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  return (
    <>
      <Card
        size="small"
        title={<h2 className="card-title">{t('cat.lockedElements')}</h2>}
        data-testid="locked-elements"
      >
        <p className="muted">{t('cat.lockedHint')}</p>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'name',
              label: (
                <>
                  {t('cat.name')} <LockedTag />
                </>
              ),
              children: base.name,
            },
            {
              key: 'code',
              label: (
                <>
                  {t('cat.baseCode')} <LockedTag />
                </>
              ),
              children: (
                <Link to={`/catalog-admin/base-items/${encodeURIComponent(base.code)}`}>{base.code}</Link>
              ),
            },
            {
              key: 'type',
              label: (
                <>
                  {t('cat.type')} <LockedTag />
                </>
              ),
              children: nameOf(ITEM_TYPES, base.type, locale),
            },
            {
              key: 'basis',
              label: (
                <>
                  {t('cat.legalBasis')} <LockedTag />
                </>
              ),
              children: base.legalBasis,
            },
            ...(inheritsLimit
              ? [
                  {
                    key: 'limit',
                    label: (
                      <>
                        {t('cat.legalLimit')} <LockedTag />
                      </>
                    ),
                    children: t('common.workingDays', { n: base.legalLimitDays ?? 0 }),
                  },
                ]
              : []),
            { key: 'impl', label: t('cat.implCode'), children: impl.implementationCode },
            {
              key: 'status',
              label: t('cat.status'),
              children: (
                <>
                  <StatusTag status={impl.status} /> {t('cat.versionN', { v: impl.currentVersion })}
                </>
              ),
            },
            { key: 'level', label: t('cat.level'), children: nameOf(LEVELS, d.level, locale) },
            { key: 'region', label: t('cat.region'), children: regionName(d.regionCode) },
            {
              key: 'body',
              label: t('cat.body'),
              children: `${d.implementingBody.name}（${d.implementingBody.uscc}）`,
            },
          ]}
        />
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('cat.localElements')}</h2>}>
        <SaveFailedAlert general={general} />
        <Form<ImplForm>
          form={form}
          layout="vertical"
          className="narrow-form"
          onValuesChange={() => setDirty(true)}
          initialValues={{
            promisedLimitDays: d.promisedLimitDays,
            legalLimitDays: d.legalLimitDays,
            caseType: d.caseType,
            audiences: d.audiences,
            themes: d.themes,
            competentDepartment: d.competentDepartment,
            acceptanceConditions: d.acceptanceConditions,
            resultName: d.resultName,
            service: {
              place: d.service.place,
              hours: d.service.hours,
              consultPhone: d.service.consultPhone,
              complaintPhone: d.service.complaintPhone,
              visits: d.service.visits,
              online: d.service.online,
              appointment: d.service.appointment,
              onlinePayment: d.service.onlinePayment,
              courierDelivery: d.service.courierDelivery,
            },
            quantityLimit: d.quantityLimit,
            fees: d.fees,
            intermediaryProviders: d.intermediaryProviders,
          }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item
            label={t('cat.promisedLimit')}
            name="promisedLimitDays"
            rules={[{ required: true, type: 'integer', min: 0, max: 3650, message: t('cat.daysRule') }]}
            extra={inheritsLimit ? t('cat.promisedHint', { n: base.legalLimitDays ?? 0 }) : undefined}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
          {!inheritsLimit && (
            <Form.Item
              label={t('cat.legalLimit')}
              name="legalLimitDays"
              rules={[{ required: true, message: t('cat.legalLimitRequired') }]}
            >
              <InputNumber min={0} max={3650} precision={0} />
            </Form.Item>
          )}
          <Form.Item label={t('cat.caseType')} name="caseType" rules={[{ required: true }]}>
            <Select
              options={CASE_TYPES.map((c) => ({ value: c.code, label: nameOf(CASE_TYPES, c.code, locale) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('cat.audiences')}
            name="audiences"
            rules={[{ required: true, type: 'array', min: 1, message: t('cat.audiencesRule') }]}
          >
            <CheckboxGroupField
              options={AUDIENCES.map((a) => ({ value: a.code, label: nameOf(AUDIENCES, a.code, locale) }))}
            />
          </Form.Item>
          <Form.Item label={t('cat.themes')} name="themes">
            <Select mode="tags" tokenSeparators={[',', '，']} />
          </Form.Item>
          <Form.Item
            label={t('cat.competentDepartment')}
            name="competentDepartment"
            extra={t('cat.competentHint')}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('cat.acceptanceConditions')} name="acceptanceConditions">
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
          <Form.Item label={t('cat.resultName')} name="resultName">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t('cat.place')} name={['service', 'place']}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item label={t('cat.hours')} name={['service', 'hours']}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item label={t('cat.consultPhone')} name={['service', 'consultPhone']}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('cat.complaintPhone')} name={['service', 'complaintPhone']}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label={t('cat.visits')}
            name={['service', 'visits']}
            rules={[{ required: true, type: 'integer', min: 0, max: 9, message: t('cat.visitsRule') }]}
          >
            <InputNumber min={0} max={9} precision={0} />
          </Form.Item>
          <Form.Item label={t('cat.online')} name={['service', 'online']} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label={t('cel.appointment')} name={['service', 'appointment']} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item
              label={t('cel.onlinePayment')}
              name={['service', 'onlinePayment']}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
            <Form.Item
              label={t('cel.courierDelivery')}
              name={['service', 'courierDelivery']}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Space>
          <fieldset className="plain-fieldset" data-testid="quantity-limit">
            <legend>{t('cel.quantityLimit')}</legend>
            <Form.Item
              label={t('cel.quantityLimited')}
              name={['quantityLimit', 'limited']}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
            {limited && (
              <>
                <Form.Item
                  label={t('cel.quantityLimit')}
                  name={['quantityLimit', 'limit']}
                  rules={[{ required: true, whitespace: true, max: 500 }]}
                >
                  <Input maxLength={500} />
                </Form.Item>
                <Form.Item
                  label={t('cel.quantityBasis')}
                  name={['quantityLimit', 'basis']}
                  rules={[{ required: true, whitespace: true, max: 2000 }]}
                >
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
              </>
            )}
          </fieldset>
          <fieldset className="plain-fieldset" data-testid="fees">
            <legend>{t('cel.fees')}</legend>
            {base.feeBasis && (
              <p className="muted">
                {t('cel.feeBasis')}：{base.feeBasis} <LockedTag />
              </p>
            )}
            <Form.List name="fees">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space key={row.key} align="start" wrap>
                      <Form.Item
                        label={t('cel.feeItem')}
                        name={[row.name, 'item']}
                        rules={[{ required: true, whitespace: true, max: 200 }]}
                      >
                        <Input />
                      </Form.Item>
                      <Form.Item
                        label={t('cel.feeStandard')}
                        name={[row.name, 'standard']}
                        rules={[{ required: true, whitespace: true, max: 500 }]}
                      >
                        <Input />
                      </Form.Item>
                      {!base.feeBasis && (
                        <Form.Item label={t('cel.feeItemBasis')} name={[row.name, 'basis']}>
                          <Input maxLength={1000} />
                        </Form.Item>
                      )}
                      <Form.Item
                        label={t('cel.feeWaivable')}
                        name={[row.name, 'waivable']}
                        valuePropName="checked"
                      >
                        <Switch />
                      </Form.Item>
                      <Form.Item label={t('cel.feeReductions')} name={[row.name, 'reductions']}>
                        <Input.TextArea rows={1} maxLength={2000} />
                      </Form.Item>
                      <Button onClick={() => remove(row.name)}>{t('cel.remove')}</Button>
                    </Space>
                  ))}
                  <Button
                    onClick={() =>
                      add({ item: '', standard: '', basis: '', waivable: false, reductions: '' })
                    }
                  >
                    {t('cel.addFee')}
                  </Button>
                </>
              )}
            </Form.List>
          </fieldset>
          <fieldset className="plain-fieldset" data-testid="intermediary-providers">
            <legend>{t('cel.providers')}</legend>
            {serviceNames.length === 0 ? (
              <p className="muted">{t('cel.noServices')}</p>
            ) : (
              <>
                <p className="muted">
                  {t('cel.intermediaryServices')}：
                  {base.intermediaryServices
                    .map((s) => `${s.name}${s.required ? `（${t('cel.serviceRequired')}）` : ''}`)
                    .join('、')}{' '}
                  <LockedTag />
                </p>
                <Form.List name="intermediaryProviders">
                  {(rows, { add, remove }) => (
                    <>
                      {rows.map((row) => (
                        <Space key={row.key} align="start" wrap>
                          <Form.Item
                            label={t('cel.providerService')}
                            name={[row.name, 'service']}
                            rules={[{ required: true }]}
                          >
                            <Select
                              className="select-wide"
                              options={serviceNames.map((n) => ({ value: n, label: n }))}
                            />
                          </Form.Item>
                          <Form.Item
                            label={t('cel.providerName')}
                            name={[row.name, 'name']}
                            rules={[{ required: true, whitespace: true, max: 200 }]}
                          >
                            <Input />
                          </Form.Item>
                          <Form.Item
                            label={t('cel.providerUscc')}
                            name={[row.name, 'uscc']}
                            rules={[{ required: true, pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/ }]}
                          >
                            <Input maxLength={18} />
                          </Form.Item>
                          <Form.Item label={t('cel.providerContact')} name={[row.name, 'contact']}>
                            <Input maxLength={200} />
                          </Form.Item>
                          <Button onClick={() => remove(row.name)}>{t('cel.remove')}</Button>
                        </Space>
                      ))}
                      <Button
                        onClick={() =>
                          add({ service: serviceNames[0] ?? '', name: '', uscc: '', contact: '' })
                        }
                      >
                        {t('cel.addProvider')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </>
            )}
          </fieldset>
          <fieldset className="plain-fieldset" data-testid="result-sample">
            <legend>{t('cel.resultSample')}</legend>
            {sample && (
              <p>
                <a href={`/api/catalog/files/${sample.key}`} download={sample.name}>
                  {sample.name}
                </a>{' '}
                <Button
                  size="small"
                  onClick={() => {
                    setSample(undefined);
                    setDirty(true);
                  }}
                >
                  {t('cel.removeSample')}
                </Button>
              </p>
            )}
            <label className="field-label" htmlFor="result-sample-file">
              {t('cel.uploadSample')}
            </label>{' '}
            <input
              id="result-sample-file"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx"
              disabled={uploading}
              onChange={(e) => void uploadSample(e.target.files?.[0])}
            />
          </fieldset>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy === 'save'}>
              {t('cat.saveDraft')}
            </Button>
            <Button
              onClick={() => void publish()}
              loading={busy === 'publish'}
              disabled={dirty || impl.status === 'retired'}
              title={dirty ? t('cat.saveFirst') : undefined}
            >
              {t('cat.publish')}
            </Button>
            <Button
              danger
              onClick={retire}
              loading={busy === 'retire'}
              disabled={impl.status !== 'published'}
            >
              {t('cat.retire')}
            </Button>
          </Space>
          {dirty && <p className="muted top-gap">{t('cat.saveFirst')}</p>}
        </Form>
      </Card>
    </>
  );
}

/**
 * A checkbox group for a required Form.Item: the item's `aria-required` is not allowed on the group's element
 * (axe: aria-allowed-attr), so only the value, the change and the id reach the group; the label says required.
 */
function CheckboxGroupField<T extends string>({
  id,
  value,
  onChange,
  options,
}: {
  id?: string;
  value?: T[];
  onChange?: (value: T[]) => void;
  options: { value: T; label: string }[];
}) {
  return (
    <div id={id}>
      <Checkbox.Group value={value} onChange={onChange} options={options} />
    </div>
  );
}

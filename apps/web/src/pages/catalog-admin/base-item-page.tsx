/** A base item (/catalog-admin/base-items/:code): editor with inline validation, publish/retire, consistency report. */
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import * as z from 'zod/mini';
import { catalogAdminApi, type BaseItem, type BaseItemInput } from '../../api/catalog-admin.api.js';
import { ITEM_TYPES, LEVELS, nameOf } from '../../api/catalog-codes.js';
import { useErrorText } from '../../components/error-alert.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { CatalogNav } from './catalog-nav.js';
import { SaveFailedAlert } from './save-failed-alert.js';
import { applyServerErrors, useFieldLabel, useRuleText } from './server-errors.js';
import { ConsistencyView } from './consistency-report.js';

const BASE_FIELDS = [
  'code',
  'name',
  'type',
  'legalBasis',
  'legalLimitDays',
  'competentDepartment',
  'definedAtLevel',
  'feeBasis',
  'intermediaryServices',
];

/** The form's values: the base item's elements, 收费依据 as text ('' = none). */
type BaseItemFormValues = Omit<BaseItemInput, 'feeBasis'> & { feeBasis?: string };

/** `/catalog-admin/base-items/:code`; `new` opens an empty form. */
const BASE_ITEM_ROUTE = z.object({ code: z._default(z.string(), 'new') });

export function BaseItemPage() {
  const { t } = useI18n();
  const { code } = useParamsSchema(BASE_ITEM_ROUTE);
  const isNew = code === 'new';
  const [state, reload] = useAsync(
    (signal) => (isNew ? Promise.resolve(null) : catalogAdminApi.baseItem(code, signal)),
    [code, isNew],
  );
  return (
    <div className="page">
      <h1 className="page-title">
        {isNew
          ? t('cat.newBaseItem')
          : state.status === 'ok' && state.data
            ? state.data.name
            : t('cat.baseItem')}
      </h1>
      <CatalogNav />
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <>
            <BaseItemForm item={data} onSaved={reload} />
            {data && <ConsistencyView code={data.code} />}
          </>
        )}
      </AsyncView>
    </div>
  );
}

function BaseItemForm({ item, onSaved }: { item: BaseItem | null; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const ruleText = useRuleText();
  const fieldLabel = useFieldLabel();
  const [form] = Form.useForm<BaseItemFormValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const submit = async ({ feeBasis, ...values }: BaseItemFormValues) => {
    setBusy(true);
    setGeneral(null);
    const basis = feeBasis?.trim() ?? '';
    const body: BaseItemInput = {
      ...values,
      intermediaryServices: (values.intermediaryServices ?? []).map((s) => ({
        name: s.name,
        required: s.required ?? false,
        legalBasis: s.legalBasis,
      })),
      ...(basis === '' ? {} : { feeBasis: basis }),
      ...(values.competentDepartment ? {} : { competentDepartment: undefined }),
      ...(values.legalLimitDays === null ? { legalLimitDays: undefined } : {}),
    };
    try {
      if (item) {
        const { code: _code, ...patch } = body;
        await catalogAdminApi.updateBaseItem(item.code, {
          ...patch,
          ...(basis === '' && item.feeBasis !== null ? { feeBasis: null } : {}),
        });
        void message.success(t('cat.saved'));
        onSaved();
      } else {
        const created = await catalogAdminApi.createBaseItem(body);
        void message.success(t('cat.saved'));
        void navigate(`/catalog-admin/base-items/${encodeURIComponent(created.code)}`);
      }
    } catch (err) {
      const services = (values.intermediaryServices ?? []).flatMap((_, i) =>
        ['name', 'required', 'legalBasis'].map((k) => `intermediaryServices.${i}.${k}`),
      );
      setGeneral(
        applyServerErrors(form, [...BASE_FIELDS, ...services], err, errorText, ruleText, fieldLabel),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h2 className="card-title">{t('cat.lockedOwner')}</h2>}>
      <p className="muted">{t('cat.baseHint')}</p>
      <SaveFailedAlert general={general} />
      <Form<BaseItemFormValues>
        form={form}
        layout="vertical"
        className="narrow-form"
        initialValues={
          item
            ? {
                code: item.code,
                name: item.name,
                type: item.type,
                legalBasis: item.legalBasis,
                legalLimitDays: item.legalLimitDays ?? undefined,
                competentDepartment: item.competentDepartment ?? undefined,
                definedAtLevel: item.definedAtLevel,
                feeBasis: item.feeBasis ?? '',
                intermediaryServices: item.intermediaryServices,
              }
            : { type: '01', definedAtLevel: '2', intermediaryServices: [] }
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          label={t('cat.code')}
          name="code"
          rules={[{ required: true, pattern: /^[0-9A-Z]{6,32}$/, message: t('cat.codeRule') }]}
        >
          <Input disabled={item !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('cat.name')} name="name" rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('cat.type')} name="type" rules={[{ required: true }]}>
          <Select
            options={ITEM_TYPES.map((c) => ({ value: c.code, label: nameOf(ITEM_TYPES, c.code, locale) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('cat.legalBasis')}
          name="legalBasis"
          rules={[{ required: true, whitespace: true, max: 8000 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t('cat.legalLimit')} name="legalLimitDays" extra={t('cat.legalLimitHint')}>
          <InputNumber min={0} max={3650} />
        </Form.Item>
        <Form.Item label={t('cat.competentDepartment')} name="competentDepartment">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('cat.definedAtLevel')} name="definedAtLevel">
          <Select
            disabled={item !== null}
            options={LEVELS.filter((l) => l.code === '1' || l.code === '2').map((l) => ({
              value: l.code,
              label: nameOf(LEVELS, l.code, locale),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('cel.feeBasis')} name="feeBasis" extra={t('cel.feeBasisHint')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <fieldset className="plain-fieldset" data-testid="intermediary-services">
          <legend>{t('cel.intermediaryServices')}</legend>
          <p className="muted">{t('cel.intermediaryServicesHint')}</p>
          <Form.List name="intermediaryServices">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} align="start" wrap>
                    <Form.Item
                      label={t('cel.serviceName')}
                      name={[row.name, 'name']}
                      rules={[{ required: true, whitespace: true, max: 200 }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      label={t('cel.serviceRequired')}
                      name={[row.name, 'required']}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item
                      label={t('cel.serviceBasis')}
                      name={[row.name, 'legalBasis']}
                      rules={[{ required: true, whitespace: true, max: 2000 }]}
                    >
                      <Input.TextArea rows={1} />
                    </Form.Item>
                    <Button onClick={() => remove(row.name)}>{t('cel.remove')}</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ name: '', required: true, legalBasis: '' })}>
                  {t('cel.addService')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cat.save')}
        </Button>
      </Form>
    </Card>
  );
}

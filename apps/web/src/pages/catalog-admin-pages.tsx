/**
 * 事项目录管理 (catalog admin): base items (基本目录) and implementations (实施清单) with inline 三级四同 validation —
 * locked elements read-only on implementations, the server's 400/422 field errors shown on the field they name —
 * publish/retire with confirmation, the consistency report per base item, import with progress and row errors,
 * export.
 */
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  catalogAdminApi,
  type BaseItem,
  type BaseItemInput,
  type ConsistencyReport,
  type ImplementationAdmin,
  type ImplementationDraft,
  type ImplementationPatch,
  type ImportJob,
  type ImportRowResult,
  type SheetError,
} from '../api/catalog-admin.api.js';
import { AUDIENCES, CASE_TYPES, ITEM_TYPES, LEVELS, REGIONS, nameOf } from '../api/catalog-codes.js';
import { catalogApi } from '../api/catalog.api.js';
import { ApiError, isAbort } from '../api/http.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { useAsync } from '../components/use-async.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

const STATUS_COLOUR: Readonly<Record<string, string>> = {
  draft: 'blue',
  published: 'green',
  retired: 'default',
};

function CatalogNav() {
  const { t } = useI18n();
  return (
    <nav aria-label={t('cat.subnav')} className="sub-nav">
      <Link className="sub-nav-link" to="/catalog-admin">
        {t('cat.home')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/base-items/new">
        {t('cat.newBaseItem')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/import">
        {t('cat.importExport')}
      </Link>
    </nav>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOUR[status] ?? 'default'} data-status={status}>
      {t(`cat.status.${status}` as MessageKey) ?? status}
    </Tag>
  );
}

/** Field errors of a failed save: `details.field` (422 rules) or `details.issues[]` (400 schema), message without the "field: " prefix. */
export function fieldErrorsOf(err: unknown): Array<{ field: string; message: string }> {
  if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 422)) return [];
  const details = (typeof err.details === 'object' && err.details !== null ? err.details : {}) as {
    field?: unknown;
    issues?: unknown;
  };
  const strip = (field: string, message: string) =>
    message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  if (Array.isArray(details.issues)) {
    return details.issues.flatMap((i: { field?: unknown; message?: unknown }) =>
      typeof i.field === 'string' && typeof i.message === 'string'
        ? [{ field: i.field, message: strip(i.field, i.message) }]
        : [],
    );
  }
  if (typeof details.field === 'string')
    return [{ field: details.field, message: strip(details.field, err.message) }];
  return [];
}

/** Words for a catalog rule code (zh-CN / en), or undefined for codes without a translation. */
function useRuleText(): (code: string) => string | undefined {
  const { t } = useI18n();
  return (code) => {
    const key = `cat.err.${code}` as MessageKey;
    const text = t(key);
    return text === undefined || text === key ? undefined : text;
  };
}

/**
 * Puts a failed save's field errors on the form fields they name (the rule in the user's language, then the
 * service's words and code); returns what names no field of this form (shown above the form instead).
 */
function applyServerErrors(
  form: FormInstance,
  fields: readonly string[],
  err: unknown,
  errorText: (e: unknown) => string,
  ruleText: (code: string) => string | undefined,
): string | null {
  const errors = fieldErrorsOf(err);
  const code = err instanceof ApiError ? err.code : '';
  const words = (message: string) => {
    const rule = ruleText(code);
    return rule ? `${rule}：${message}（${code}）` : `${message}（${code}）`;
  };
  const known = errors.filter((e) => fields.includes(e.field));
  form.setFields(known.map((e) => ({ name: e.field.split('.'), errors: [words(e.message)] })));
  const first = known[0]?.field.split('.');
  if (first) form.scrollToField(first, { focus: true });
  const rest = errors.filter((e) => !fields.includes(e.field));
  if (known.length > 0 && rest.length === 0) return null;
  return rest.length > 0 ? rest.map((e) => `${e.field}: ${words(e.message)}`).join('；') : errorText(err);
}

// ---------------------------------------------------------------------------------------------------------
// Home: base items and implementations

export function CatalogAdminHomePage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.catalogAdmin')}</h1>
      <CatalogNav />
      <Tabs
        items={[
          { key: 'base', label: t('cat.baseItems'), children: <BaseItemList /> },
          { key: 'impl', label: t('cat.implementations'), children: <ImplementationFinder /> },
        ]}
      />
    </div>
  );
}

function BaseItemList() {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const [state, reload] = useAsync(
    (signal) => catalogAdminApi.baseItems({ q: q || undefined, page, pageSize }, signal),
    [q, page],
  );
  return (
    <>
      <Form layout="inline" className="filters">
        <Form.Item label={t('cat.searchBase')} htmlFor="base-q">
          <Input.Search
            id="base-q"
            allowClear
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Form.Item>
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <div className="scroll-x">
          <Table<BaseItem>
            rowKey="code"
            size="small"
            dataSource={state.data}
            data-testid="base-items"
            locale={{ emptyText: <Empty description={t('cat.noBaseItems')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: (page - 1) * pageSize + state.data.length + (state.data.length === pageSize ? 1 : 0),
              onChange: setPage,
              simple: true,
            }}
            columns={[
              { title: t('cat.code'), dataIndex: 'code', key: 'code' },
              {
                title: t('cat.name'),
                key: 'name',
                render: (_, b) => (
                  <Link to={`/catalog-admin/base-items/${encodeURIComponent(b.code)}`}>{b.name}</Link>
                ),
              },
              { title: t('cat.type'), key: 'type', render: (_, b) => nameOf(ITEM_TYPES, b.type, locale) },
              {
                title: t('cat.legalLimit'),
                key: 'limit',
                render: (_, b) =>
                  b.legalLimitDays === null ? '—' : t('common.workingDays', { n: b.legalLimitDays }),
              },
              { title: t('cat.version'), dataIndex: 'version', key: 'version' },
            ]}
          />
        </div>
      )}
    </>
  );
}

function ImplementationFinder() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync(
    (signal) => catalogApi.search({ q: q || undefined, page, pageSize: 20 }, signal),
    [q, page],
  );
  return (
    <>
      <p className="muted">{t('cat.implHint')}</p>
      <Form layout="inline" className="filters stack-xs">
        <Form.Item label={t('cat.searchImpl')} htmlFor="impl-q">
          <Input.Search
            id="impl-q"
            allowClear
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Form.Item>
        <Form.Item label={t('cat.openByCode')} htmlFor="impl-code">
          <Input.Search
            id="impl-code"
            allowClear
            enterButton={t('cat.open')}
            onSearch={(v) =>
              v.trim() && void navigate(`/catalog-admin/implementations/${encodeURIComponent(v.trim())}`)
            }
          />
        </Form.Item>
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <div className="scroll-x">
          <Table
            rowKey="implementationCode"
            size="small"
            dataSource={state.data.items}
            data-testid="implementations"
            locale={{ emptyText: <Empty description={t('cat.noImplementations')} /> }}
            pagination={
              state.data.total > state.data.pageSize
                ? { current: page, pageSize: state.data.pageSize, total: state.data.total, onChange: setPage }
                : false
            }
            columns={[
              {
                title: t('cat.name'),
                key: 'name',
                render: (_, i) => (
                  <Link to={`/catalog-admin/implementations/${encodeURIComponent(i.implementationCode)}`}>
                    {i.name}
                  </Link>
                ),
              },
              { title: t('cat.implCode'), dataIndex: 'implementationCode', key: 'code' },
              { title: t('cat.level'), key: 'level', render: (_, i) => nameOf(LEVELS, i.level, locale) },
              {
                title: t('cat.region'),
                key: 'region',
                render: (_, i) => nameOf(REGIONS, i.regionCode, locale),
              },
              { title: t('cat.body'), dataIndex: 'bodyName', key: 'body' },
              { title: t('cat.version'), dataIndex: 'version', key: 'version' },
            ]}
          />
        </div>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Base item: editor + consistency report

const BASE_FIELDS = [
  'code',
  'name',
  'type',
  'legalBasis',
  'legalLimitDays',
  'competentDepartment',
  'definedAtLevel',
];

export function BaseItemPage() {
  const { t } = useI18n();
  const { code = 'new' } = useParams();
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
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          <BaseItemForm item={state.data} onSaved={reload} />
          {state.data && <ConsistencyView code={state.data.code} />}
        </>
      )}
    </div>
  );
}

function BaseItemForm({ item, onSaved }: { item: BaseItem | null; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const ruleText = useRuleText();
  const [form] = Form.useForm<BaseItemInput>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const submit = async (values: BaseItemInput) => {
    setBusy(true);
    setGeneral(null);
    const body: BaseItemInput = {
      ...values,
      ...(values.competentDepartment ? {} : { competentDepartment: undefined }),
      ...(values.legalLimitDays === null ? { legalLimitDays: undefined } : {}),
    };
    try {
      if (item) {
        const { code: _code, ...patch } = body;
        await catalogAdminApi.updateBaseItem(item.code, patch);
        void message.success(t('cat.saved'));
        onSaved();
      } else {
        const created = await catalogAdminApi.createBaseItem(body);
        void message.success(t('cat.saved'));
        void navigate(`/catalog-admin/base-items/${encodeURIComponent(created.code)}`);
      }
    } catch (err) {
      setGeneral(applyServerErrors(form, BASE_FIELDS, err, errorText, ruleText));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h2 className="card-title">{t('cat.lockedOwner')}</h2>}>
      <p className="muted">{t('cat.baseHint')}</p>
      {general && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('cat.saveFailed')}
          description={general}
          className="bottom-gap"
        />
      )}
      <Form<BaseItemInput>
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
              }
            : { type: '01', definedAtLevel: '2' }
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
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cat.save')}
        </Button>
      </Form>
    </Card>
  );
}

function ConsistencyView({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const [state, reload] = useAsync((signal) => catalogAdminApi.consistency(code, signal), [code]);
  return (
    <Card
      size="small"
      title={<h2 className="card-title">{t('cat.consistency')}</h2>}
      data-testid="consistency"
    >
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && <ConsistencyBody report={state.data} locale={locale} />}
    </Card>
  );
}

function ConsistencyBody({ report, locale }: { report: ConsistencyReport; locale: 'zh-CN' | 'en-US' }) {
  const { t } = useI18n();
  const ok = report.deviations.length === 0;
  return (
    <>
      <Alert
        type={ok ? 'success' : 'warning'}
        showIcon
        title={
          ok
            ? t('cat.consistent', { n: report.implementations.length })
            : t('cat.inconsistent', { n: report.deviations.length })
        }
        className="bottom-gap"
      />
      <div className="scroll-x">
        <Table
          rowKey="implementationCode"
          size="small"
          pagination={false}
          dataSource={report.implementations}
          locale={{ emptyText: <Empty description={t('cat.noImplementations')} /> }}
          columns={[
            {
              title: t('cat.implCode'),
              key: 'code',
              render: (_, i) => (
                <Link to={`/catalog-admin/implementations/${encodeURIComponent(i.implementationCode)}`}>
                  {i.implementationCode}
                </Link>
              ),
            },
            { title: t('cat.level'), key: 'level', render: (_, i) => nameOf(LEVELS, i.level, locale) },
            {
              title: t('cat.region'),
              key: 'region',
              render: (_, i) => nameOf(REGIONS, i.regionCode, locale),
            },
            { title: t('cat.status'), key: 'status', render: (_, i) => <StatusTag status={i.status} /> },
            { title: t('cat.version'), dataIndex: 'currentVersion', key: 'v' },
            {
              title: t('cat.consistencyCol'),
              key: 'ok',
              render: (_, i) =>
                i.consistent ? <Tag color="green">{t('cat.yes')}</Tag> : <Tag color="red">{t('cat.no')}</Tag>,
            },
          ]}
        />
      </div>
      {!ok && (
        <>
          <h3 className="sub-title">{t('cat.deviations')}</h3>
          <div className="scroll-x">
            <Table
              rowKey={(d) => `${d.implementationCode}-${d.element}`}
              size="small"
              pagination={false}
              dataSource={report.deviations}
              columns={[
                { title: t('cat.implCode'), dataIndex: 'implementationCode', key: 'c' },
                { title: t('cat.element'), dataIndex: 'element', key: 'e' },
                { title: t('cat.expected'), dataIndex: 'expected', key: 'x' },
                { title: t('cat.actual'), dataIndex: 'actual', key: 'a' },
              ]}
            />
          </div>
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Implementation editor

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
  };
}

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
];

export function ImplementationPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
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
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <ImplementationEditor
          key={state.data.impl.updatedAt}
          impl={state.data.impl}
          base={state.data.base}
          onChanged={reload}
        />
      )}
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
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const ruleText = useRuleText();
  const [form] = Form.useForm<ImplForm>();
  const [busy, setBusy] = useState<'save' | 'publish' | 'retire' | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const d = impl.draft;
  const inheritsLimit = base.legalLimitDays !== null;

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
      setGeneral(applyServerErrors(form, IMPL_FIELDS, err, errorText, ruleText));
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
          setGeneral(applyServerErrors(form, IMPL_FIELDS, err, errorText, ruleText));
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
            { key: 'region', label: t('cat.region'), children: nameOf(REGIONS, d.regionCode, locale) },
            {
              key: 'body',
              label: t('cat.body'),
              children: `${d.implementingBody.name}（${d.implementingBody.uscc}）`,
            },
          ]}
        />
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('cat.localElements')}</h2>}>
        {general && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('cat.saveFailed')}
            description={general}
            className="bottom-gap"
          />
        )}
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
            },
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
            <Checkbox.Group
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

// ---------------------------------------------------------------------------------------------------------
// Import (background job with progress) and export

type ImportState =
  | { s: 'idle' }
  | { s: 'uploading'; percent: number }
  | { s: 'running'; job: ImportJob | null; sheetErrors: SheetError[] }
  | { s: 'done'; job: ImportJob; sheetErrors: SheetError[] }
  | { s: 'error'; error: unknown };

export function CatalogImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState>({ s: 'idle' });
  // One abort controller per mount, made in the effect (not at render): React's StrictMode mounts, cleans up
  // and mounts again, and a flag set by the first cleanup must not stop the polling of the mounted page.
  const mounted = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    mounted.current = controller;
    return () => controller.abort();
  }, []);

  const poll = async (jobId: string, sheetErrors: SheetError[], signal: AbortSignal) => {
    for (;;) {
      const job = await catalogAdminApi.importJob(jobId, signal);
      if (signal.aborted) return;
      if (job.status !== 'running') return setState({ s: 'done', job, sheetErrors });
      setState({ s: 'running', job, sheetErrors });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 400);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (signal.aborted) return;
    }
  };
  const start = async () => {
    const signal = mounted.current?.signal;
    if (!file || !signal) return;
    setState({ s: 'uploading', percent: 0 });
    try {
      const started = await catalogAdminApi.startImport(file, (percent) =>
        setState({ s: 'uploading', percent }),
      );
      if (signal.aborted) return;
      setState({ s: 'running', job: null, sheetErrors: started.sheetErrors });
      await poll(started.jobId, started.sheetErrors, signal);
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      setState({ s: 'error', error: err });
    }
  };
  const busy = state.s === 'uploading' || state.s === 'running';
  return (
    <div className="page">
      <h1 className="page-title">{t('cat.importExport')}</h1>
      <CatalogNav />
      <Card size="small" title={<h2 className="card-title">{t('cat.import')}</h2>}>
        <p className="muted">{t('cat.importHint')}</p>
        <div className="file-upload">
          <label htmlFor="import-file">{t('cat.importFile')}</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button type="primary" onClick={() => void start()} disabled={!file || busy} loading={busy}>
          {t('cat.startImport')}
        </Button>
        <div aria-live="polite" className="top-gap" data-testid="import-progress">
          {state.s === 'uploading' && (
            <>
              <p>{t('cat.uploading', { percent: state.percent })}</p>
              <Progress percent={state.percent} aria-label={t('cat.uploading', { percent: state.percent })} />
            </>
          )}
          {state.s === 'running' && (
            <>
              <p>
                {state.job
                  ? t('cat.importing', { done: state.job.done, total: state.job.total })
                  : t('cat.importQueued')}
              </p>
              <Progress
                percent={
                  state.job && state.job.total > 0 ? Math.floor((state.job.done / state.job.total) * 100) : 0
                }
                status="active"
                aria-label={t('cat.importProgress')}
              />
            </>
          )}
          {state.s === 'done' && <ImportResult job={state.job} sheetErrors={state.sheetErrors} />}
          {state.s === 'error' && <ErrorAlert error={state.error} />}
        </div>
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('cat.export')}</h2>}>
        <p className="muted">{t('cat.exportHint')}</p>
        <Space wrap>
          <Button
            onClick={() =>
              void catalogAdminApi
                .exportCatalog('xlsx')
                .catch((err: unknown) => void message.error(errorText(err)))
            }
          >
            {t('cat.exportXlsx')}
          </Button>
          <Button
            onClick={() =>
              void catalogAdminApi
                .exportCatalog('json')
                .catch((err: unknown) => void message.error(errorText(err)))
            }
          >
            {t('cat.exportJson')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}

function ImportResult({ job, sheetErrors }: { job: ImportJob; sheetErrors: SheetError[] }) {
  const { t } = useI18n();
  const date = useDate();
  if (job.status === 'failed')
    return (
      <Alert type="error" showIcon role="alert" title={t('cat.importFailed')} description={job.error ?? ''} />
    );
  const rows = job.report?.rows ?? [];
  const problems = rows.filter((r) => r.status === 'error' || r.status === 'deviation');
  const totals = Object.entries(job.report?.totals ?? {}).map(([kind, counts]) => ({
    kind,
    text: Object.entries(counts ?? {})
      .map(([status, n]) => `${t(`cat.rowStatus.${status}` as MessageKey)} ${n}`)
      .join('，'),
  }));
  return (
    <>
      <Progress
        percent={100}
        status={problems.length > 0 || sheetErrors.length > 0 ? 'exception' : 'success'}
        aria-label={t('cat.importProgress')}
      />
      <Alert
        type={problems.length > 0 || sheetErrors.length > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="import-done"
        title={t('cat.importDone', { total: job.total, errors: problems.length + sheetErrors.length })}
        description={job.finishedAt ? date(job.finishedAt) : undefined}
      />
      <Descriptions
        size="small"
        column={1}
        className="top-gap"
        items={totals.map((x) => ({
          key: x.kind,
          label: t(`cat.kind.${x.kind}` as MessageKey),
          children: x.text,
        }))}
      />
      {problems.length > 0 && (
        <>
          <h3 className="sub-title">{t('cat.rowErrors')}</h3>
          <div className="scroll-x">
            <Table<ImportRowResult>
              size="small"
              rowKey={(r) => `${r.kind}-${r.index}`}
              pagination={false}
              dataSource={problems}
              data-testid="row-errors"
              columns={[
                {
                  title: t('cat.kindCol'),
                  key: 'kind',
                  render: (_, r) => t(`cat.kind.${r.kind}` as MessageKey),
                },
                { title: t('cat.rowNo'), key: 'row', render: (_, r) => r.index + 1 },
                { title: t('cat.key'), dataIndex: 'key', key: 'key' },
                {
                  title: t('cat.status'),
                  key: 'status',
                  render: (_, r) => (
                    <Tag color={r.status === 'error' ? 'red' : 'orange'}>
                      {t(`cat.rowStatus.${r.status}` as MessageKey)}
                    </Tag>
                  ),
                },
                { title: t('cat.field'), key: 'field', render: (_, r) => r.error?.field ?? '—' },
                {
                  title: t('cat.message'),
                  key: 'msg',
                  render: (_, r) => (r.error ? `${r.error.message}（${r.error.code}）` : ''),
                },
              ]}
            />
          </div>
        </>
      )}
      {sheetErrors.length > 0 && (
        <>
          <h3 className="sub-title">{t('cat.sheetErrors')}</h3>
          <div className="scroll-x">
            <Table<SheetError>
              size="small"
              rowKey={(r) => `${r.sheet ?? ''}-${r.row ?? ''}-${r.field ?? ''}`}
              pagination={false}
              dataSource={sheetErrors}
              columns={[
                { title: t('cat.sheet'), dataIndex: 'sheet', key: 'sheet' },
                { title: t('cat.rowNo'), dataIndex: 'row', key: 'row' },
                { title: t('cat.field'), dataIndex: 'field', key: 'field' },
                { title: t('cat.message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          </div>
        </>
      )}
      {problems.length === 0 && sheetErrors.length === 0 && (
        <Typography.Paragraph className="top-gap">{t('cat.noRowErrors')}</Typography.Paragraph>
      )}
    </>
  );
}

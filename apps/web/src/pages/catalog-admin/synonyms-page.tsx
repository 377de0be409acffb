/**
 * 搜索同义词 (/catalog-admin/synonyms): the aliases citizens type (营业执照, 社保) and the catalog words they stand
 * for; add, change and delete. The search expands a keyword meeting an alias by its words at once.
 */
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { useState } from 'react';
import { Link } from 'react-router';
import { catalogAdminApi, type SynonymView } from '../../api/catalog-admin.api.js';
import { ApiError } from '../../api/http.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { CatalogNav } from './catalog-nav.js';

const MAX_WORD = 50;
const MAX_EXPANSIONS = 20;
/** Typing one of these in the expansions box ends a word (Chinese and ASCII separators). */
const SEPARATORS = [',', '，', '、', ';', '；'];

interface SynonymForm {
  alias: string;
  expansions: string[];
}

const norm = (w: string) => w.trim().toLowerCase().replace(/\s+/g, '');

/** The form rules in the user's words (the service checks the same and answers 400 naming the field). */
function useRules() {
  const { t } = useI18n();
  const alias: Rule[] = [
    { required: true, whitespace: true, message: t('cat.syn.aliasRequired') },
    { max: MAX_WORD, message: t('cat.syn.tooLong') },
  ];
  const expansions = (aliasOf: () => string): Rule[] => [
    { required: true, type: 'array', min: 1, message: t('cat.syn.expansionsRequired') },
    { type: 'array', max: MAX_EXPANSIONS, message: t('cat.syn.tooMany') },
    {
      validator: (_, value: unknown) => {
        const words = Array.isArray(value) ? value.map(String) : [];
        if (words.some((w) => w.trim().length > MAX_WORD))
          return Promise.reject(new Error(t('cat.syn.tooLong')));
        const a = norm(aliasOf());
        if (a && words.some((w) => norm(w) === a)) return Promise.reject(new Error(t('cat.syn.sameAsAlias')));
        return Promise.resolve();
      },
    },
  ];
  return { alias, expansions };
}

/**
 * A refused save on the form: a field the service names (alias, expansions.N) gets the words for it, anything
 * else is returned to be shown above the form.
 */
function useServerErrors() {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (form: ReturnType<typeof Form.useForm<SynonymForm>>[0], err: unknown): unknown => {
    if (err instanceof ApiError) {
      const details = (typeof err.details === 'object' && err.details !== null ? err.details : {}) as {
        field?: unknown;
      };
      const field = typeof details.field === 'string' ? details.field : '';
      if (err.code === 'SYNONYM_EXISTS') {
        form.setFields([{ name: 'alias', errors: [errorText(err)] }]);
        return null;
      }
      if (err.code === 'VALIDATION_FAILED' && field.startsWith('expansions')) {
        form.setFields([{ name: 'expansions', errors: [t('cat.syn.sameAsAlias')] }]);
        return null;
      }
    }
    return err;
  };
}

export function SynonymsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const date = useDate();
  const [state, reload] = useAsync((signal) => catalogAdminApi.synonyms(signal), []);
  const [editing, setEditing] = useState<SynonymView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const remove = async (s: SynonymView) => {
    setFailure(null);
    try {
      await catalogAdminApi.removeSynonym(s.alias);
      void message.success(t('cat.syn.removed', { alias: s.alias }));
      reload();
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <div className="page">
      <h1 className="page-title">{t('cat.synonyms')}</h1>
      <CatalogNav />
      <Typography.Paragraph type="secondary">{t('cat.syn.intro')}</Typography.Paragraph>
      <AddSynonym onAdded={reload} />
      {failure !== null && <ErrorAlert error={failure} />}
      <AsyncView state={state} onRetry={reload}>
        {(list) => (
          <div className="scroll-x" tabIndex={0}>
            <Table<SynonymView>
              rowKey="alias"
              size="small"
              dataSource={list}
              data-testid="synonyms"
              pagination={list.length > 50 ? { pageSize: 50, simple: true } : false}
              locale={{ emptyText: <Empty description={t('cat.syn.empty')} /> }}
              columns={[
                { title: t('cat.syn.alias'), dataIndex: 'alias', key: 'alias' },
                {
                  title: t('cat.syn.expansions'),
                  key: 'expansions',
                  render: (_, s) => (
                    <Space wrap size={[4, 4]}>
                      {s.expansions.map((e) => (
                        <Tag key={e}>{e}</Tag>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: t('cat.syn.updated'),
                  key: 'updated',
                  render: (_, s) => `${date(s.updatedAt)} · ${s.updatedBy}`,
                },
                {
                  title: '',
                  key: 'actions',
                  render: (_, s) => (
                    <Space>
                      <Link to={`/search?q=${encodeURIComponent(s.alias)}`}>{t('cat.syn.try')}</Link>
                      <Button
                        size="small"
                        onClick={() => setEditing(s)}
                        aria-label={`${t('cat.syn.edit')} ${s.alias}`}
                      >
                        {t('cat.syn.edit')}
                      </Button>
                      <Popconfirm
                        title={t('cat.syn.removeConfirm', { alias: s.alias })}
                        okText={t('cat.syn.remove')}
                        cancelText={t('cat.syn.cancel')}
                        onConfirm={() => void remove(s)}
                      >
                        <Button size="small" danger aria-label={`${t('cat.syn.remove')} ${s.alias}`}>
                          {t('cat.syn.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]}
            />
          </div>
        )}
      </AsyncView>
      {editing && (
        <EditSynonym
          synonym={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function ExpansionsInput(props: { id: string; value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useI18n();
  return (
    <Select
      id={props.id}
      mode="tags"
      open={false}
      suffixIcon={null}
      tokenSeparators={SEPARATORS}
      placeholder={t('cat.syn.expansionsHint')}
      value={props.value}
      onChange={(v: string[]) => props.onChange?.(v.map((w) => w.trim()).filter(Boolean))}
    />
  );
}

function AddSynonym({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SynonymForm>();
  const rules = useRules();
  const serverErrors = useServerErrors();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const submit = async (values: SynonymForm) => {
    setBusy(true);
    setFailure(null);
    try {
      const saved = await catalogAdminApi.addSynonym({ alias: values.alias, expansions: values.expansions });
      void message.success(t('cat.syn.added', { alias: saved.alias }));
      form.resetFields();
      onAdded();
    } catch (err) {
      setFailure(serverErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 className="card-title">{t('cat.syn.add')}</h2>} className="filters">
      {failure !== null && <ErrorAlert error={failure} />}
      <Form<SynonymForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
        <Form.Item name="alias" label={t('cat.syn.alias')} htmlFor="syn-alias" rules={rules.alias}>
          <Input id="syn-alias" placeholder={t('cat.syn.aliasHint')} maxLength={MAX_WORD + 10} />
        </Form.Item>
        <Form.Item
          name="expansions"
          label={t('cat.syn.expansions')}
          htmlFor="syn-expansions"
          rules={rules.expansions(() => String(form.getFieldValue('alias') ?? ''))}
          dependencies={['alias']}
        >
          <ExpansionsInput id="syn-expansions" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cat.syn.add')}
        </Button>
      </Form>
    </Card>
  );
}

function EditSynonym(props: { synonym: SynonymView; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SynonymForm>();
  const rules = useRules();
  const serverErrors = useServerErrors();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const { synonym } = props;

  const submit = async () => {
    let values: SynonymForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await catalogAdminApi.changeSynonym(synonym.alias, { expansions: values.expansions });
      void message.success(t('cat.syn.saved', { alias: synonym.alias }));
      props.onSaved();
    } catch (err) {
      setFailure(serverErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('cat.syn.edit')}：${synonym.alias}`}
      okText={t('cat.syn.save')}
      cancelText={t('cat.syn.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {failure !== null && <ErrorAlert error={failure} />}
      <Form<SynonymForm>
        form={form}
        layout="vertical"
        initialValues={{ alias: synonym.alias, expansions: synonym.expansions }}
      >
        <Form.Item name="alias" hidden>
          <Input />
        </Form.Item>
        <Form.Item
          name="expansions"
          label={t('cat.syn.expansions')}
          htmlFor="syn-edit-expansions"
          rules={rules.expansions(() => synonym.alias)}
        >
          <ExpansionsInput id="syn-edit-expansions" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 主动公开工作台 (/disclosure/work, department staff): the department's items with their status and deadline; draft
 * and edit (a modal form), submit for 保密审查, and — for the department's head, never on their own draft — approve
 * (publish) or send back; withdraw and correct published items; each item's history.
 */
import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import * as z from 'zod/mini';
import {
  disclosureApi,
  KEY_AREAS,
  OPEN_CATEGORIES,
  type ItemDraftBody,
  type ItemStatus,
  type KeyArea,
  type OpenCategory,
  type StaffItem,
} from '../../api/disclosure.api.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { areaKey, categoryKey, kindKey, statusKey } from './labels.js';

const STATUSES = ['draft', 'in-review', 'published', 'withdrawn'] as const satisfies readonly ItemStatus[];
const KINDS = ['general', 'policy', 'interpretation'] as const;
const WORK_URL = z.object({
  status: z.optional(z.enum(STATUSES)),
  overdue: z.optional(z.literal('1')),
});
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface DraftForm {
  title: string;
  body: string;
  writtenOn: string;
  topic: string;
  openCategory: OpenCategory;
  keyArea?: KeyArea | 'none';
  kind: (typeof KINDS)[number];
  interpretsId?: string;
  note?: string;
}

type Editing = { mode: 'new' } | { mode: 'edit' | 'correct'; item: StaffItem };
type Asking = { kind: 'reject' | 'withdraw'; item: StaffItem };

const toBody = (v: DraftForm): ItemDraftBody => ({
  title: v.title.trim(),
  body: v.body.trim(),
  writtenOn: v.writtenOn.trim(),
  topic: v.topic.trim(),
  openCategory: v.openCategory,
  keyArea: v.keyArea === undefined || v.keyArea === 'none' ? null : v.keyArea,
  kind: v.kind,
  interpretsId: v.kind === 'interpretation' ? (v.interpretsId ?? null) : null,
});

function History({ id }: { id: string }) {
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => disclosureApi.history(id, signal), [id]);
  return (
    <AsyncView
      state={state}
      onRetry={reload}
      isEmpty={(h) => h.versions.length === 0}
      emptyText={t('dis.work.historyEmpty')}
    >
      {(h) => (
        <Timeline
          items={h.versions.map((v) => ({
            key: v.seq,
            children: `${t(`dis.work.action.${v.action}`)} · ${v.title} · ${v.actorName} · ${v.at.slice(0, 10)}${v.note ? ` · ${v.note}` : ''}`,
          }))}
        />
      )}
    </AsyncView>
  );
}

export function DisclosureWorkPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [filters, update] = useSearchParamsSchema(WORK_URL);
  const { status, overdue } = filters;
  const list = usePagedList(
    (page, signal) => disclosureApi.items({ status, overdue: overdue === '1' || undefined, page }, signal),
    [status, overdue],
  );
  const [policies, reloadPolicies] = useAsync((signal) => disclosureApi.items({ pageSize: 100 }, signal), []);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DraftForm>();
  const [askForm] = Form.useForm<{ text: string }>();
  const kind = Form.useWatch('kind', form);

  const act = async (run: () => Promise<unknown>, done: Parameters<typeof t>[0]) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      void message.success(t(done));
      list.reload();
      reloadPolicies();
      return true;
    } catch (err) {
      setError(err);
      void message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const openEditor = (e: Editing) => {
    setEditing(e);
    form.resetFields();
    if (e.mode !== 'new')
      form.setFieldsValue({
        title: e.item.title,
        body: e.item.body,
        writtenOn: e.item.writtenOn,
        topic: e.item.topic,
        openCategory: e.item.openCategory,
        keyArea: e.item.keyArea ?? 'none',
        kind: e.item.kind,
        ...(e.item.interpretsId !== null && { interpretsId: e.item.interpretsId }),
      });
  };

  const saveDraft = async (v: DraftForm) => {
    if (!editing) return;
    const body = toBody(v);
    const ok =
      editing.mode === 'new'
        ? await act(() => disclosureApi.create(body), 'dis.form.saved')
        : editing.mode === 'edit'
          ? await act(() => disclosureApi.update(editing.item.id, body), 'dis.form.saved')
          : await act(
              () => disclosureApi.correct(editing.item.id, { ...body, note: (v.note ?? '').trim() }),
              'dis.work.corrected',
            );
    if (ok) setEditing(null);
  };

  const answer = async (v: { text: string }) => {
    if (!asking) return;
    const text = v.text.trim();
    const ok =
      asking.kind === 'reject'
        ? await act(
            () => disclosureApi.review(asking.item.id, { decision: 'reject', note: text }),
            'dis.work.rejected',
          )
        : await act(() => disclosureApi.withdraw(asking.item.id, text), 'dis.work.withdrawn');
    if (ok) setAsking(null);
  };

  const policyOptions =
    policies.status === 'ok'
      ? policies.data.items.filter((i) => i.kind === 'policy').map((i) => ({ value: i.id, label: i.title }))
      : [];

  return (
    <div className="page disclosure-work-page">
      <Typography.Title level={1} className="page-title">
        {t('dis.work.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('dis.work.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => openEditor({ mode: 'new' })}>
          {t('dis.work.new')}
        </Button>
        <Select
          allowClear
          aria-label={t('dis.work.status')}
          placeholder={t('dis.work.status')}
          style={{ minWidth: 140 }}
          value={status}
          options={STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
          onChange={(v: string | undefined) => update({ status: v })}
        />
        <Checkbox
          checked={overdue === '1'}
          onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}
        >
          {t('dis.work.overdueOnly')}
        </Checkbox>
      </Space>
      {error !== null && <ErrorAlert error={error} />}
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(d) => d.total === 0}
        emptyText={t('dis.work.empty')}
      >
        {(data) => (
          <List
            dataSource={data.items}
            rowKey="id"
            pagination={list.pagination(data)}
            renderItem={(item) => (
              <List.Item className="disclosure-work-row" data-id={item.id} data-status={item.status}>
                <List.Item.Meta
                  title={
                    <>
                      <Tag
                        color={
                          item.status === 'published'
                            ? 'green'
                            : item.status === 'in-review'
                              ? 'blue'
                              : undefined
                        }
                      >
                        {t(statusKey(item.status))}
                      </Tag>
                      {item.kind !== 'general' && <Tag color="purple">{t(kindKey(item.kind))}</Tag>}
                      {item.title}
                    </>
                  }
                  description={
                    <>
                      <div>
                        {t('dis.indexNo')} {item.indexNo} · {t(categoryKey(item.openCategory))} ·{' '}
                        {t(areaKey(item.keyArea))} · {t('dis.writtenOn')} {item.writtenOn} ·{' '}
                        {t('dis.work.author')} {item.authorName}
                        {item.reviewerName && ` · ${t('dis.work.reviewer')} ${item.reviewerName}`}
                      </div>
                      {item.overdue && <Tag color="red">{t('dis.work.overdue')}</Tag>}
                      {item.reviewNote && (
                        <div>
                          {t('dis.work.reviewNote')}：{item.reviewNote}
                        </div>
                      )}
                      {history === item.id && <History id={item.id} />}
                    </>
                  }
                />
                <Space wrap>
                  {item.status === 'draft' && (
                    <>
                      <Button size="small" onClick={() => openEditor({ mode: 'edit', item })}>
                        {t('dis.work.edit')}
                      </Button>
                      <Button
                        size="small"
                        type="primary"
                        loading={busy}
                        onClick={() => void act(() => disclosureApi.submit(item.id), 'dis.work.submitted')}
                      >
                        {t('dis.work.submit')}
                      </Button>
                    </>
                  )}
                  {item.mayReview && (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        loading={busy}
                        onClick={() =>
                          void act(
                            () => disclosureApi.review(item.id, { decision: 'approve' }),
                            'dis.work.approved',
                          )
                        }
                      >
                        {t('dis.work.approve')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => (askForm.resetFields(), setAsking({ kind: 'reject', item }))}
                      >
                        {t('dis.work.reject')}
                      </Button>
                    </>
                  )}
                  {item.status === 'published' && (
                    <>
                      <Button size="small" onClick={() => openEditor({ mode: 'correct', item })}>
                        {t('dis.work.correct')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => (askForm.resetFields(), setAsking({ kind: 'withdraw', item }))}
                      >
                        {t('dis.work.withdraw')}
                      </Button>
                    </>
                  )}
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setHistory(history === item.id ? null : item.id)}
                  >
                    {t('dis.work.history')}
                  </Button>
                </Space>
              </List.Item>
            )}
          />
        )}
      </AsyncView>
      <Modal
        open={editing !== null}
        title={editing?.mode === 'correct' ? t('dis.work.correct') : t('dis.work.new')}
        okText={editing?.mode === 'correct' ? t('dis.work.correct') : t('dis.form.save')}
        cancelText={t('dis.form.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        width={720}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void saveDraft(v)}
          initialValues={{ kind: 'general', keyArea: 'none' }}
        >
          <Form.Item
            name="title"
            label={t('dis.form.title')}
            rules={[{ required: true, whitespace: true, message: t('dis.form.titleRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('dis.form.body')}
            rules={[{ required: true, whitespace: true, message: t('dis.form.bodyRequired') }]}
          >
            <Input.TextArea rows={6} maxLength={100_000} />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="writtenOn"
              label={t('dis.form.writtenOn')}
              rules={[{ required: true, pattern: ISO_DATE, message: t('dis.form.writtenOnRequired') }]}
            >
              <Input placeholder="2026-09-28" maxLength={10} disabled={editing?.mode === 'correct'} />
            </Form.Item>
            <Form.Item
              name="topic"
              label={t('dis.form.topic')}
              rules={[{ required: true, whitespace: true, message: t('dis.form.topicRequired') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item
              name="openCategory"
              label={t('dis.form.category')}
              rules={[{ required: true, message: t('dis.form.categoryRequired') }]}
            >
              <Select
                style={{ minWidth: 140 }}
                options={OPEN_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
              />
            </Form.Item>
            <Form.Item name="keyArea" label={t('dis.form.keyArea')}>
              <Select
                style={{ minWidth: 160 }}
                options={[
                  { value: 'none', label: t('dis.area.none') },
                  ...KEY_AREAS.map((a) => ({ value: a, label: t(areaKey(a)) })),
                ]}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('dis.form.kind')}>
              <Select
                style={{ minWidth: 120 }}
                disabled={editing?.mode === 'correct'}
                options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
              />
            </Form.Item>
          </Space>
          {kind === 'interpretation' && (
            <Form.Item
              name="interpretsId"
              label={t('dis.form.interprets')}
              rules={[{ required: true, message: t('dis.form.interpretsRequired') }]}
            >
              <Select options={policyOptions} disabled={editing?.mode === 'correct'} />
            </Form.Item>
          )}
          {editing?.mode === 'correct' && (
            <Form.Item
              name="note"
              label={t('dis.work.correctNote')}
              rules={[{ required: true, whitespace: true, message: t('dis.work.correctNoteRequired') }]}
            >
              <Input maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={asking !== null}
        title={asking?.kind === 'reject' ? t('dis.work.reject') : t('dis.work.withdraw')}
        okText={asking?.kind === 'reject' ? t('dis.work.reject') : t('dis.work.withdraw')}
        cancelText={t('dis.form.cancel')}
        confirmLoading={busy}
        onOk={() => askForm.submit()}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Form form={askForm} layout="vertical" onFinish={(v) => void answer(v)}>
          <Form.Item
            name="text"
            label={asking?.kind === 'reject' ? t('dis.work.reviewNote') : t('dis.work.withdrawReason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message:
                  asking?.kind === 'reject' ? t('dis.work.noteRequired') : t('dis.work.reasonRequired'),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

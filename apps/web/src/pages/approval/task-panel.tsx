/** An official's task on a case: opinion, 退回补正 items, co-signing. */
import { App, Button, Card, Descriptions, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { approvalApi, type ReturnItemInput, type TaskView, type Verdict } from '../../api/approval.api.js';
import { useAuth } from '../../auth/auth.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';
import { taskStatusLabel, verdictLabel } from './case-labels.js';

/** A 退回补正 item as the form holds it: a material of the case, or OTHER with a name. */
interface ReturnItemField {
  pick?: string;
  name?: string;
  problem?: string;
}
const OTHER = 'other';

interface TaskForm {
  verdict: Verdict;
  opinion: string;
  items?: ReturnItemField[];
}

function returnItems(fields: readonly ReturnItemField[] | undefined): ReturnItemInput[] {
  return (fields ?? []).flatMap((f): ReturnItemInput[] => {
    const problem = f.problem?.trim() ?? '';
    if (!f.pick || !problem) return [];
    if (f.pick === OTHER) return f.name?.trim() ? [{ name: f.name.trim(), problem }] : [];
    return [{ materialId: f.pick, problem }];
  });
}

/**
 * 会签: what the first official signed (who, the verdict, the opinion and any 退回补正 items), shown above the
 * co-signer's form so the second official confirms a finding they have read.
 */
function FirstSignature({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const first = task.firstSignature;
  if (task.status !== 'cosign' || !first) return null;
  return (
    <section className="first-signature" data-testid="first-signature" aria-labelledby={`first-${task.id}`}>
      <h3 id={`first-${task.id}`} className="card-subtitle">
        {t('approval.firstSignature')}
      </h3>
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          { key: 'by', label: t('approval.firstSignedBy'), children: first.official.name },
          {
            key: 'verdict',
            label: t('approval.firstVerdict'),
            children: verdictLabel(t, task.pendingVerdict),
          },
          {
            key: 'opinion',
            label: t('approval.firstOpinion'),
            children: <span className="pre-line">{first.opinion}</span>,
          },
          ...(first.returnItems.length > 0
            ? [
                {
                  key: 'items',
                  label: t('approval.firstItems'),
                  children: (
                    <ul className="plain-list">
                      {first.returnItems.map((i) => (
                        <li key={`${i.materialId ?? ''}-${i.name}`}>
                          {i.name}：{i.problem}
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]
            : []),
        ]}
      />
    </section>
  );
}

/** 退回补正: what the applicant must supply or correct, item by item (a material of the case or a named thing). */
function ReturnItemsField({ materials }: { materials: readonly { materialId: string; name: string }[] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<TaskForm>();
  return (
    <fieldset className="return-items" data-testid="return-items">
      <legend>{t('approval.returnItems')}</legend>
      <p className="muted">{t('approval.returnItemsHint')}</p>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, n) => (
              <div key={field.key} className="return-item" data-item={n}>
                <strong>{t('approval.returnItemNo', { n: n + 1 })}</strong>
                <Form.Item
                  name={[field.name, 'pick']}
                  label={t('approval.returnItemMaterial')}
                  rules={[{ required: true }]}
                >
                  <Select
                    options={[
                      ...materials.map((m) => ({ value: m.materialId, label: m.name })),
                      { value: OTHER, label: t('approval.returnItemOther') },
                    ]}
                  />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() =>
                    form.getFieldValue(['items', field.name, 'pick']) === OTHER && (
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('approval.returnItemName')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                    )
                  }
                </Form.Item>
                <Form.Item
                  name={[field.name, 'problem']}
                  label={t('approval.returnItemProblem')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input maxLength={1000} />
                </Form.Item>
                <Button size="small" onClick={() => remove(field.name)}>
                  {t('approval.returnItemRemove')}
                </Button>
              </div>
            ))}
            <Button onClick={() => add({})} disabled={fields.length >= 30}>
              {t('approval.returnItemAdd')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

export function TaskPanel({
  task,
  materials,
  onDone,
}: {
  task: TaskView;
  materials: readonly { materialId: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      void message.success(t('work.done'));
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const mine = task.assignee?.userId === user?.id;
  const [form] = Form.useForm<TaskForm>();
  const verdict = Form.useWatch('verdict', form);
  return (
    <Card
      title={<h2 className="card-title">{`${task.departmentName} · ${taskStatusLabel(t, task.status)}`}</h2>}
      className="highlight-card"
    >
      {task.status === 'pending' && (
        <Button
          type="primary"
          loading={busy}
          onClick={() => void run(() => approvalApi.claim(task.id, task.version))}
        >
          {t('approval.claim')}
        </Button>
      )}
      {task.status === 'cosign' && mine && (
        <p>{t('approval.cosignHint', { verdict: verdictLabel(t, task.pendingVerdict) })}</p>
      )}
      <FirstSignature task={task} />
      {((task.status === 'claimed' && mine) || (task.status === 'cosign' && !mine)) && (
        <Form<TaskForm>
          form={form}
          layout="vertical"
          initialValues={{
            verdict: task.status === 'cosign' ? (task.pendingVerdict ?? 'approve') : 'approve',
          }}
          onFinish={(v) => {
            const items = v.verdict === 'return' ? returnItems(v.items) : [];
            void run(() =>
              approvalApi.complete(task.id, {
                verdict: v.verdict,
                opinion: v.opinion,
                ...(items.length > 0 ? { items } : {}),
                version: task.version,
              }),
            );
          }}
        >
          {task.status === 'cosign' && (
            <p>{t('approval.cosignHint', { verdict: verdictLabel(t, task.pendingVerdict) })}</p>
          )}
          <Form.Item name="verdict" label={t('approval.verdict')}>
            <Radio.Group
              options={(['approve', 'deny', 'return'] as const).map((v) => ({
                value: v,
                label: t(`approval.verdict.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="opinion"
            label={t('approval.opinion')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea maxLength={4000} rows={3} />
          </Form.Item>
          {verdict === 'return' && task.status === 'claimed' && <ReturnItemsField materials={materials} />}
          <div className="button-row">
            <Button type="primary" htmlType="submit" loading={busy}>
              {task.status === 'cosign' ? t('approval.cosign') : t('approval.submit')}
            </Button>
            {task.status === 'claimed' && (
              <Button onClick={() => void run(() => approvalApi.release(task.id, task.version))}>
                {t('approval.release')}
              </Button>
            )}
          </div>
        </Form>
      )}
    </Card>
  );
}

/**
 * 特别程序 on the case page and the government head's joint-case list. Only the actions the user may take are
 * offered: the deciding department pauses the whole case; a department pauses its own open step; the deciding
 * department's head extends an ordinary case (+10); the 本级人民政府负责人 extends a joint case (+15, AL art. 42 ¶2).
 */
import { App, Button, Card, Empty, Form, Input, List, Modal, Select, Tag } from 'antd';
import { useState } from 'react';
import {
  approvalApi,
  PAUSE_KINDS,
  type CaseView,
  type PauseKind,
  type SpecialProcedureView,
} from '../../api/approval.api.js';
import { ApiError } from '../../api/http.js';
import { useAuth } from '../../auth/auth.js';
import { useErrorText } from '../../components/error-alert.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const FINISHED = new Set(['completed', 'closed']);
/** Refusals the service explains with a code: shown in Chinese. */
const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  CASE_PAUSE_DECIDING_DEPARTMENT_ONLY: 'proc.error.casePause',
  GOVERNMENT_HEAD_REQUIRED: 'proc.error.governmentHead',
  DEPARTMENT_HEAD_REQUIRED: 'proc.error.departmentHead',
  TASK_PAUSED: 'proc.error.taskPaused',
  PROCEDURE_OPEN: 'proc.error.procedureOpen',
  EXTENSION_LIMIT_REACHED: 'proc.error.extensionLimit',
  PROCEDURE_NOT_YOURS: 'proc.error.notYours',
};

function useProcedureError(): (err: unknown) => string {
  const { t } = useI18n();
  const fallback = useErrorText();
  return (err) => {
    const key = err instanceof ApiError ? ERROR_KEYS[err.code] : undefined;
    return key ? t(key) : fallback(err);
  };
}

const kindLabel = (t: (k: MessageKey) => string, kind: string) => t(`proc.kind.${kind}` as MessageKey);

type Action =
  | { type: 'pause-case' }
  | { type: 'pause-task'; taskId: string; departmentName: string }
  | { type: 'extend'; days: number }
  | { type: 'end'; procedure: SpecialProcedureView };

/** The procedures of a case and the actions this user may take on it. */
export function SpecialProceduresCard({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const { user, hasRole } = useAuth();
  const [action, setAction] = useState<Action | null>(null);
  const procedures = c.specialProcedures ?? [];
  const open = !c.decision && c.status !== 'returned';
  const approver = hasRole('approver');
  const deciding = approver && user?.department === c.decidingDepartmentCode;
  const myTask = c.tasks.find(
    (x) =>
      approver && x.departmentCode === user?.department && x.role !== 'escalated' && !FINISHED.has(x.status),
  );
  const casePauseRunning = procedures.some(
    (p) => p.kind !== 'extension' && p.scope === 'case' && p.endedAt === null,
  );
  const myTaskPaused =
    myTask !== undefined && procedures.some((p) => p.taskId === myTask.id && p.endedAt === null);
  const ext = c.extension;
  const mayExtend =
    ext !== undefined &&
    ext.used < ext.max &&
    (ext.approver === 'government-head'
      ? hasRole('government-head')
      : deciding && user?.departmentRole === 'head');
  const mayEnd = (p: SpecialProcedureView) =>
    p.kind !== 'extension' &&
    p.endedAt === null &&
    approver &&
    (p.scope === 'task'
      ? p.departmentCode === user?.department
      : deciding || p.departmentCode === user?.department);

  return (
    <Card title={<h2 className="card-title">{t('proc.title')}</h2>} data-testid="special-procedures">
      {procedures.length === 0 ? (
        <Empty description={t('proc.none')} />
      ) : (
        <List
          size="small"
          dataSource={procedures}
          rowKey="id"
          renderItem={(p) => (
            <List.Item
              actions={
                mayEnd(p)
                  ? [
                      <Button key="end" size="small" onClick={() => setAction({ type: 'end', procedure: p })}>
                        {t('proc.end')}
                      </Button>,
                    ]
                  : []
              }
            >
              <div>
                <Tag color={p.kind === 'extension' ? 'blue' : p.scope === 'case' ? 'orange' : 'gold'}>
                  {kindLabel(t, p.kind)}
                </Tag>
                <Tag>
                  {p.kind === 'extension'
                    ? t('proc.extensionDays', { n: p.days ?? 0 })
                    : p.scope === 'case'
                      ? t('proc.scope.case')
                      : t('proc.scope.task', {
                          department: c.tasks.find((x) => x.id === p.taskId)?.departmentName ?? '',
                        })}
                </Tag>
                <span className="muted">
                  {date(p.startedAt)}
                  {p.kind !== 'extension' &&
                    (p.endedAt ? ` — ${date(p.endedAt)}` : ` · ${t('proc.running')}`)}
                </span>
                <p>
                  {p.reason}
                  {p.result && p.kind !== 'extension' ? `（${t('proc.result')}：${p.result}）` : ''}
                </p>
              </div>
            </List.Item>
          )}
        />
      )}
      {open && (
        <div className="button-row">
          {deciding && !casePauseRunning && (
            <Button onClick={() => setAction({ type: 'pause-case' })}>{t('proc.pauseCase')}</Button>
          )}
          {myTask && !myTaskPaused && (
            <Button
              onClick={() =>
                setAction({ type: 'pause-task', taskId: myTask.id, departmentName: myTask.departmentName })
              }
            >
              {t('proc.pauseTask')}
            </Button>
          )}
          {mayExtend && ext && (
            <Button type="primary" onClick={() => setAction({ type: 'extend', days: ext.days })}>
              {ext.approver === 'government-head'
                ? t('proc.extendJoint', { n: ext.days })
                : t('proc.extend', { n: ext.days })}
            </Button>
          )}
        </div>
      )}
      {action && (
        <ProcedureModal
          applicationNo={c.applicationNo}
          action={action}
          onClose={() => setAction(null)}
          onDone={onDone}
        />
      )}
    </Card>
  );
}

export function ProcedureModal({
  applicationNo,
  action,
  onClose,
  onDone,
}: {
  applicationNo: string;
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useProcedureError();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ kind: PauseKind; text: string }>();
  const title =
    action.type === 'pause-case'
      ? t('proc.pauseCase')
      : action.type === 'pause-task'
        ? t('proc.pauseTaskOf', { department: action.departmentName })
        : action.type === 'extend'
          ? t('proc.extend', { n: action.days })
          : t('proc.end');
  const submit = async (v: { kind: PauseKind; text: string }) => {
    setBusy(true);
    try {
      if (action.type === 'pause-case')
        await approvalApi.startProcedure(applicationNo, { kind: v.kind, reason: v.text, scope: 'case' });
      else if (action.type === 'pause-task')
        await approvalApi.startProcedure(applicationNo, {
          kind: v.kind,
          reason: v.text,
          scope: 'task',
          taskId: action.taskId,
        });
      else if (action.type === 'extend')
        await approvalApi.startProcedure(applicationNo, { kind: 'extension', reason: v.text });
      else await approvalApi.endProcedure(applicationNo, action.procedure.id, v.text);
      void message.success(t('work.done'));
      onClose();
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const pause = action.type === 'pause-case' || action.type === 'pause-task';
  return (
    <Modal
      open
      title={title}
      okText={t('proc.confirm')}
      cancelText={t('proc.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <p className="muted">
        {action.type === 'pause-case'
          ? t('proc.hint.case')
          : action.type === 'pause-task'
            ? t('proc.hint.task')
            : action.type === 'extend'
              ? t('proc.hint.extend')
              : t('proc.hint.end')}
      </p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'inspection' }}
        onFinish={(v) => void submit(v)}
      >
        {pause && (
          <Form.Item name="kind" label={t('proc.kind')}>
            <Select options={PAUSE_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="text"
          label={action.type === 'end' ? t('proc.result') : t('proc.reason')}
          rules={[{ required: true, whitespace: true, min: action.type === 'end' ? 1 : 2 }]}
        >
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

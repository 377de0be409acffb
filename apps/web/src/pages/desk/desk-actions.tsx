/** The window's actions on an application: accept, 一次性告知 (supplement notice), refuse, complete. */
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Tabs } from 'antd';
import { useState } from 'react';
import {
  intakeApi,
  type Application,
  type IntakeAction,
  type IntakeActionBodies,
} from '../../api/intake.api.js';
import { useAuth } from '../../auth/auth.js';
import { useConfirm } from '../../components/confirm.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';

export function DeskActions({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const confirm = useConfirm();
  const facts = (
    <p>
      {app.no} · {app.implementation.itemName}
    </p>
  );
  const act = async <A extends IntakeAction>(action: A, body: IntakeActionBodies[A]) => {
    setBusy(true);
    try {
      await intakeApi.act(app.no, action, body);
      void message.success(t('work.done'));
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const allowed = new Set(app.allowedActions);
  const materials = app.materials.filter((m) => m.current);
  // A township or village clerk (12-digit region) is a 代办 point's: he hands over, the county window accepts.
  const pointClerk = (user?.region ?? '').length === 12;
  const waiting = app.location?.handoverPending === true;
  const tabs = [
    waiting &&
      pointClerk &&
      allowed.has('handover') && {
        key: 'handover',
        label: t('sn.handover'),
        children: (
          <Form<{ note?: string }>
            layout="vertical"
            onFinish={(v) =>
              confirm(
                {
                  title: t('sn.handoverConfirm'),
                  summary: facts,
                  consequence: t('sn.handoverConsequence'),
                  okText: t('sn.handoverOk'),
                },
                () => act('handover', v.note ? { note: v.note } : {}),
              )
            }
          >
            <p>{t('sn.handoverIntro')}</p>
            <Form.Item name="note" label={t('sn.handoverNote')}>
              <Input.TextArea maxLength={500} rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('sn.handover')}
            </Button>
          </Form>
        ),
      },
    allowed.has('accept') && {
      key: 'accept',
      label: t('desk.accept'),
      children: (
        <Form<{ opinion?: string }>
          layout="vertical"
          onFinish={(v) =>
            confirm(
              {
                title: t('desk.confirmAccept'),
                summary: facts,
                consequence: t('desk.acceptConsequence'),
                okText: t('desk.confirmAcceptOk'),
              },
              () => act('accept', { mode: 'normal', ...(v.opinion ? { opinion: v.opinion } : {}) }),
            )
          }
        >
          <Form.Item name="opinion" label={t('desk.opinion')}>
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('desk.accept')}
          </Button>
        </Form>
      ),
    },
    allowed.has('supplement-notice') && {
      key: 'notice',
      label: t('desk.notice'),
      children: (
        <SupplementNoticeForm
          app={app}
          busy={busy}
          onSend={(items) => void act('supplement-notice', { items })}
        />
      ),
    },
    allowed.has('accept') && {
      key: 'tolerance',
      label: t('desk.tolerance'),
      children: (
        <Form<{ missing: string[]; promise: string; days: number }>
          layout="vertical"
          initialValues={{ missing: app.missingMaterialIds, days: 20 }}
          onFinish={(v) =>
            confirm(
              {
                title: t('desk.confirmTolerance'),
                summary: facts,
                consequence: t('desk.toleranceConsequence', { n: v.missing.length, days: v.days }),
                okText: t('desk.confirmToleranceOk'),
              },
              () =>
                act('accept', {
                  mode: 'tolerance',
                  missingMaterialIds: v.missing,
                  promise: v.promise,
                  supplyWithinDays: v.days,
                }),
            )
          }
        >
          <Form.Item
            name="missing"
            label={t('work.materials')}
            rules={[{ required: true, type: 'array', min: 1 }]}
          >
            <Checkbox.Group
              options={materials.map((m) => ({ value: m.materialId, label: m.name }))}
              className="vertical-checks"
            />
          </Form.Item>
          <Form.Item
            name="promise"
            label={t('desk.tolerancePromise')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea maxLength={2000} rows={2} />
          </Form.Item>
          <Form.Item name="days" label={t('desk.supplyWithin')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('desk.tolerance')}
          </Button>
        </Form>
      ),
    },
    allowed.has('refuse') && {
      key: 'refuse',
      label: t('desk.refuse'),
      children: (
        <Form<{ reasons: string; redirectTo?: string }>
          layout="vertical"
          onFinish={(v) =>
            confirm(
              {
                title: t('desk.confirmRefuse'),
                summary: (
                  <>
                    {facts}
                    <p>
                      {t('desk.reasons')}：{v.reasons}
                    </p>
                  </>
                ),
                consequence: t('desk.refuseConsequence'),
                okText: t('desk.confirmRefuseOk'),
                danger: true,
              },
              () =>
                act('refuse', { reasons: v.reasons, ...(v.redirectTo ? { redirectTo: v.redirectTo } : {}) }),
            )
          }
        >
          <Form.Item name="reasons" label={t('desk.reasons')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea maxLength={4000} rows={3} />
          </Form.Item>
          <Form.Item name="redirectTo" label={t('desk.redirectTo')}>
            <Input maxLength={500} />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy}>
            {t('desk.refuse')}
          </Button>
        </Form>
      ),
    },
    allowed.has('deliver') && {
      key: 'deliver',
      label: t('desk.deliver'),
      children: (
        <Form<{ pickupCode: string }>
          layout="vertical"
          onFinish={(v) => void act('deliver', { method: 'window', pickupCode: v.pickupCode })}
        >
          <Form.Item
            name="pickupCode"
            label={t('work.pickupCode')}
            extra={t('desk.pickupHint')}
            rules={[{ required: true, pattern: /^\d{6}$/ }]}
          >
            <Input maxLength={6} inputMode="numeric" autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('desk.deliver')}
          </Button>
        </Form>
      ),
    },
  ].filter((x): x is { key: string; label: string; children: React.JSX.Element } => Boolean(x));
  // Handed over from the point: the county window acts on it now; the point's clerk follows it.
  if (pointClerk && app.location?.handover) return null;
  if (waiting && !pointClerk)
    return (
      <Card>
        <Alert type="info" showIcon message={t('sn.waitingForHandover')} data-testid="waiting-for-handover" />
      </Card>
    );
  if (tabs.length === 0) return null;
  return (
    <Card>
      <Tabs items={tabs} />
    </Card>
  );
}

/** 一次性告知: check every material, tick the faulty ones and say what is wrong. */
function SupplementNoticeForm({
  app,
  busy,
  onSend,
}: {
  app: Application;
  busy: boolean;
  onSend: (items: Array<{ materialId: string; problem: string }>) => void;
}) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Record<string, { checked: boolean; problem: string }>>(() =>
    Object.fromEntries(app.missingMaterialIds.map((id) => [id, { checked: true, problem: '' }])),
  );
  const materials = app.materials.filter((m) => m.current);
  const specs = [
    ...materials.map((m) => ({ id: m.materialId, name: m.name })),
    ...app.missingMaterialIds
      .filter((id) => !materials.some((m) => m.materialId === id))
      .map((id) => ({ id, name: id })),
  ];
  const items = Object.entries(rows)
    .filter(([, r]) => r.checked)
    .map(([materialId, r]) => ({ materialId, problem: r.problem.trim() }));
  const valid = items.length > 0 && items.every((i) => i.problem !== '');
  return (
    <div className="notice-form">
      <p>{t('desk.noticeHint')}</p>
      {specs.map((m) => {
        const r = rows[m.id] ?? { checked: false, problem: '' };
        return (
          <div key={m.id} className="notice-row">
            <Checkbox
              checked={r.checked}
              onChange={(e) => setRows((p) => ({ ...p, [m.id]: { ...r, checked: e.target.checked } }))}
            >
              {t('desk.faulty', { name: m.name })}
            </Checkbox>
            {r.checked && (
              <Input
                aria-label={t('desk.problemOf', { name: m.name })}
                placeholder={t('desk.problemOf', { name: m.name })}
                value={r.problem}
                maxLength={1000}
                onChange={(e) => setRows((p) => ({ ...p, [m.id]: { ...r, problem: e.target.value } }))}
              />
            )}
          </div>
        );
      })}
      <Button type="primary" disabled={!valid} loading={busy} onClick={() => onSend(items)}>
        {t('desk.sendNotice')}
      </Button>
    </div>
  );
}

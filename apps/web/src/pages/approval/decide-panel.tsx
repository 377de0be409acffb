import { App, Button, Card, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { approvalApi, type CaseView } from '../../api/approval.api.js';
import { useConfirm } from '../../components/confirm.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';

/** The lead's decision (准予 / 不予), once every department has given its opinion. */
export function DecidePanel({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const confirm = useConfirm();
  if (c.decision) {
    return (
      <Card>
        <p data-testid="decision">
          {t('approval.decided', {
            outcome: c.decision.outcome === 'approved' ? t('approval.approved') : t('approval.denied'),
          })}
        </p>
      </Card>
    );
  }
  const allDone =
    c.tasks.length > 0 && c.tasks.every((x) => x.status === 'completed' || x.status === 'closed');
  if (!allDone) return null;
  return (
    <Card title={<h2 className="card-title">{t('approval.decide')}</h2>}>
      <p>{t('approval.decideHint')}</p>
      <Form<{ outcome: 'approved' | 'denied'; reasons: string }>
        layout="vertical"
        initialValues={{ outcome: 'approved', reasons: '符合法定条件、标准，准予许可。' }}
        onFinish={(v) => {
          const approved = v.outcome === 'approved';
          confirm(
            {
              title: t(approved ? 'approval.confirmApprove' : 'approval.confirmDeny'),
              summary: (
                <>
                  <p>{c.applicationNo}</p>
                  <p>
                    {t('approval.reasons')}：{v.reasons}
                  </p>
                </>
              ),
              consequence: t(approved ? 'approval.approveConsequence' : 'approval.denyConsequence'),
              okText: t(approved ? 'approval.confirmApproveOk' : 'approval.confirmDenyOk'),
              danger: !approved,
            },
            async () => {
              setBusy(true);
              try {
                await approvalApi.decide(c.applicationNo, {
                  outcome: v.outcome,
                  reasons: v.reasons,
                  version: c.version,
                });
                void message.success(t('work.done'));
                onDone();
              } catch (err) {
                void message.error(errorText(err));
              } finally {
                setBusy(false);
              }
            },
          );
        }}
      >
        <Form.Item name="outcome" label={t('approval.outcome')}>
          <Radio.Group
            options={[
              { value: 'approved', label: t('approval.approved') },
              { value: 'denied', label: t('approval.denied') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reasons"
          label={t('approval.reasons')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea maxLength={3000} rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('approval.decide')}
        </Button>
      </Form>
    </Card>
  );
}

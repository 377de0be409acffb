/**
 * 代办: the window clerk applies for a walk-in applicant — the applicant's identity (ID number / USCC check digit
 * verified here, again by intake) and the item of the clerk's region, then the same wizard as online; the
 * application opens at the window desk.
 */
import { Button, Card, Form, Input, Radio, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { catalogApi } from '../api/catalog.api.js';
import { intakeApi } from '../api/intake.api.js';
import { useAuth } from '../auth/auth.js';
import { ErrorAlert } from '../components/error-alert.js';
import { residentIdValid, usccValid } from '../components/id-check.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { ApplyWizard, type AgentApplicant } from './apply-page.js';

interface IdentityForm {
  kind: 'person' | 'business';
  name: string;
  idNumber: string;
  phone?: string;
  implementationCode: string;
}

export function AgentApplyPage() {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<{ applicant: AgentApplicant; code: string } | null>(null);
  if (chosen)
    return <AgentWizard code={chosen.code} applicant={chosen.applicant} onBack={() => setChosen(null)} />;
  return (
    <div className="page narrow">
      <Link to="/desk">{t('work.back')}</Link>
      <Typography.Title level={1} className="page-title">
        {t('agent.title')}
      </Typography.Title>
      <p className="muted">{t('agent.intro')}</p>
      <IdentityCard
        onDone={(v) =>
          setChosen({
            code: v.implementationCode,
            applicant: {
              kind: v.kind,
              name: v.name.trim(),
              idNumber: v.idNumber.trim().toUpperCase(),
              ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            },
          })
        }
      />
    </div>
  );
}

function IdentityCard({ onDone }: { onDone: (v: IdentityForm) => void }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [form] = Form.useForm<IdentityForm>();
  const kind = Form.useWatch('kind', form) ?? 'person';
  const [q, setQ] = useState('');
  const [items] = useAsync(
    (signal) => catalogApi.search({ q: q || undefined, region: user?.region, pageSize: 50 }, signal),
    [q, user?.region],
  );
  return (
    <Card>
      <Form<IdentityForm> form={form} layout="vertical" initialValues={{ kind: 'person' }} onFinish={onDone}>
        <Form.Item name="kind" label={t('agent.kind')}>
          <Radio.Group
            options={[
              { value: 'person', label: t('agent.person') },
              { value: 'business', label: t('agent.business') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={kind === 'person' ? t('agent.personName') : t('agent.businessName')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={kind === 'person' ? t('agent.idNumber') : t('agent.uscc')}
          extra={kind === 'person' ? t('agent.idHint') : t('agent.usccHint')}
          rules={[
            { required: true, message: kind === 'person' ? t('agent.idRequired') : t('agent.usccRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value) return;
                const ok = kind === 'person' ? residentIdValid(value) : usccValid(value);
                if (!ok) throw new Error(kind === 'person' ? t('agent.idInvalid') : t('agent.usccInvalid'));
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" className="mono" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('work.phone')}
          rules={[{ pattern: /^[0-9+\- ]{5,30}$/, message: t('agent.phoneInvalid') }]}
        >
          <Input maxLength={30} inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="implementationCode"
          label={t('agent.item')}
          rules={[{ required: true, message: t('agent.itemRequired') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            aria-label={t('agent.item')}
            placeholder={t('agent.itemHint')}
            loading={items.status === 'loading'}
            notFoundContent={items.status === 'error' ? t('common.error') : t('agent.noItems')}
            options={
              items.status === 'ok'
                ? items.data.items
                    .filter((i) => servedBy(user?.region, i.regionCode))
                    .map((i) => ({ value: i.implementationCode, label: i.name }))
                : []
            }
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('apply.next')}
        </Button>
      </Form>
    </Card>
  );
}

function AgentWizard({
  code,
  applicant,
  onBack,
}: {
  code: string;
  applicant: AgentApplicant;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => intakeApi.implementation(code, signal), [code]);
  if (state.status === 'loading') return <Skeleton active className="page" />;
  if (state.status === 'error')
    return (
      <div className="page narrow">
        <ErrorAlert error={state.error} onRetry={reload} />
        <Button onClick={onBack}>{t('apply.prev')}</Button>
      </div>
    );
  return (
    <ApplyWizard
      view={state.data}
      agent={applicant}
      afterSubmit={(app) => `/desk/${encodeURIComponent(app.no)}`}
    />
  );
}

/**
 * The items a clerk takes in: those of his region; a township or village clerk (12-digit region, a 代办 point) those
 * of his county — intake checks that his point lists the item.
 */
function servedBy(region: string | undefined, itemRegion: string): boolean {
  if (!region) return true;
  return itemRegion === region || (region.length === 12 && itemRegion === region.slice(0, 6));
}

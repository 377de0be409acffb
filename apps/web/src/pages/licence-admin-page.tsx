/**
 * 证照管理 (issuing department): the department's licences within the officer's region, filtered and paged, and per
 * licence its history and the status changes 暂扣 / 恢复 / 撤销 / 吊销 / 注销 / 重新签发 — each with a required reason
 * and a confirmation that says what will happen — and 变更, which issues a new version (版本记录 lists them all).
 */
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { licenceApi, type LicenceFilter, type LicenceView } from '../api/licence.api.js';
import { useAuth } from '../auth/auth.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { LicenceChangeModal } from '../components/licence-change-modal.js';
import { LICENCE_STATUS_COLOURS } from '../components/licence-details.js';
import { LicenceFilterBar } from '../components/licence-filter-bar.js';
import { LicenceVersions } from '../components/licence-versions.js';
import { useAsync } from '../components/use-async.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

/** What an officer can do from each status; `withdraw` is 吊销 (revoke with penalty). */
type UiAction = 'suspend' | 'restore' | 'revoke' | 'withdraw' | 'cancel' | 'resign';
const ACTIONS_FROM: Readonly<Record<string, readonly UiAction[]>> = {
  valid: ['suspend', 'revoke', 'withdraw', 'cancel'],
  suspended: ['restore', 'revoke', 'withdraw', 'cancel'],
  invalidated: ['resign'],
};
const DANGEROUS: ReadonlySet<UiAction> = new Set(['revoke', 'withdraw', 'cancel']);
/** 变更 issues a new version from these statuses only (the service's RENEWABLE_STATUSES). */
const CHANGEABLE: ReadonlySet<string> = new Set(['valid']);

export function DepartmentLicencesPage() {
  const { t } = useI18n();
  const date = useDate();
  const [filter, setFilter] = useState<LicenceFilter>({ page: 1, pageSize: 20 });
  const [state, reload] = useAsync((signal) => licenceApi.department(filter, signal), [filter]);
  const [open, setOpen] = useState<string | undefined>();
  const change = (next: Partial<LicenceFilter>) =>
    setFilter((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  const facets = state.status === 'ok' ? state.data.facets : undefined;
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('licAdmin.title')}
      </Typography.Title>
      <LicenceFilterBar filter={filter} facets={facets} onChange={change} />
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'ok' &&
        (state.data.total === 0 ? (
          <Empty description={t('licAdmin.empty')} />
        ) : (
          <Table<LicenceView>
            rowKey="identifier"
            dataSource={state.data.items}
            pagination={{
              current: state.data.page,
              pageSize: state.data.pageSize,
              total: state.data.total,
              showTotal: (total) => t('wallet.total', { n: total }),
              onChange: (page) => change({ page }),
            }}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('licAdmin.name'),
                key: 'name',
                render: (_, l) => (
                  <Button type="link" className="link-button" onClick={() => setOpen(l.identifier)}>
                    {l.name}
                  </Button>
                ),
              },
              { title: t('wallet.holder'), key: 'holder', render: (_, l) => l.holder.name },
              {
                title: t('wallet.status'),
                key: 'status',
                render: (_, l) => (
                  <Tag color={LICENCE_STATUS_COLOURS[l.status] ?? 'default'}>{l.statusLabel}</Tag>
                ),
              },
              { title: t('wallet.issuedAt'), key: 'issuedAt', render: (_, l) => date(l.issuedAt) },
              {
                title: t('wallet.identifier'),
                key: 'identifier',
                render: (_, l) => <span className="break-all muted">{l.identifier}</span>,
              },
            ]}
          />
        ))}
      <LicenceDrawer
        identifier={open}
        onClose={() => setOpen(undefined)}
        onChanged={() => {
          reload();
        }}
        onReplaced={(next) => {
          // 变更 issued a new version: show it (its 版本记录 lists the one it replaced).
          setOpen(next);
          reload();
        }}
      />
    </div>
  );
}

function LicenceDrawer({
  identifier,
  onClose,
  onChanged,
  onReplaced,
}: {
  identifier: string | undefined;
  onClose: () => void;
  onChanged: () => void;
  onReplaced: (identifier: string) => void;
}) {
  const { t } = useI18n();
  const date = useDate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { user } = useAuth();
  const [changing, setChanging] = useState(false);
  const [state, reload] = useAsync(
    (signal) => (identifier ? licenceApi.detail(identifier, signal) : Promise.resolve(undefined)),
    [identifier],
  );
  const [action, setAction] = useState<UiAction | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const l = state.status === 'ok' ? state.data : undefined;
  // The list holds the officer's department's licences only; a token without a department cannot act at all.
  const issuing =
    l !== undefined && (user?.department === undefined || user.department === l.issuer.departmentCode);
  const submit = async () => {
    if (!l || !action) return;
    setBusy(true);
    try {
      const done = await licenceApi.act(l.identifier, action === 'withdraw' ? 'revoke' : action, {
        reason: reason.trim(),
        ...(action === 'revoke' || action === 'withdraw' ? { penalty: action === 'withdraw' } : {}),
      });
      void message.success(t('licAdmin.done', { status: done.statusLabel }));
      setAction(undefined);
      setReason('');
      reload();
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={identifier !== undefined}
      onClose={onClose}
      width={560}
      title={l?.name ?? t('licAdmin.title')}
      destroyOnHidden
    >
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {l && (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              {
                key: 'status',
                label: t('wallet.status'),
                children: <Tag color={LICENCE_STATUS_COLOURS[l.status] ?? 'default'}>{l.statusLabel}</Tag>,
              },
              { key: 'holder', label: t('wallet.holder'), children: l.holder.name },
              { key: 'validity', label: t('wallet.validity'), children: l.validity },
              { key: 'issuer', label: t('wallet.issuer'), children: l.issuer.name },
              ...l.fields.map((f) => ({ key: `f-${f.label}`, label: f.label, children: f.value || '—' })),
              {
                key: 'identifier',
                label: t('wallet.identifier'),
                children: <span className="break-all">{l.identifier}</span>,
              },
            ]}
          />
          <Typography.Title level={2} className="sub-title">
            {t('licAdmin.history')}
          </Typography.Title>
          {l.history.length === 0 ? (
            <p className="muted">{t('licAdmin.noHistory')}</p>
          ) : (
            <Timeline
              items={l.history.map((h) => ({
                key: `${h.at}-${h.to}`,
                children: (
                  <>
                    <strong>{t(`licAdmin.status.${h.to}` as MessageKey)}</strong> · {date(h.at)} · {h.by}
                    <div className="muted">{h.reason}</div>
                  </>
                ),
              }))}
            />
          )}
          <LicenceVersions licence={l} title={t('licAdmin.versions')} />
          {issuing && (
            <div className="button-row top-gap">
              {CHANGEABLE.has(l.status) && (
                <Button type="primary" onClick={() => setChanging(true)}>
                  {t('licAdmin.action.change')}
                </Button>
              )}
              {(ACTIONS_FROM[l.status] ?? []).map((a) => (
                <Button
                  key={a}
                  danger={DANGEROUS.has(a)}
                  type={a === 'resign' || a === 'restore' ? 'primary' : 'default'}
                  onClick={() => setAction(a)}
                >
                  {t(`licAdmin.action.${a}` as MessageKey)}
                </Button>
              ))}
            </div>
          )}
          <LicenceChangeModal
            key={l.identifier}
            licence={l}
            open={changing}
            onClose={() => setChanging(false)}
            onChanged={(done) => {
              setChanging(false);
              void message.success(t('licAdmin.change.done', { identifier: done.identifier }));
              onReplaced(done.identifier);
            }}
          />
          <Modal
            open={action !== undefined}
            title={action ? t(`licAdmin.action.${action}` as MessageKey) : ''}
            okText={action ? t(`licAdmin.action.${action}` as MessageKey) : ''}
            okButtonProps={{
              danger: action !== undefined && DANGEROUS.has(action),
              disabled: reason.trim() === '',
              loading: busy,
            }}
            onCancel={() => setAction(undefined)}
            onOk={() => void submit()}
          >
            {action && (
              <p data-testid="licence-action-consequence">
                {t(`licAdmin.consequence.${action}` as MessageKey, { name: l.name, holder: l.holder.name })}
              </p>
            )}
            <Input.TextArea
              aria-label={t('licAdmin.reason')}
              placeholder={t('licAdmin.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={2000}
              status={reason.trim() === '' ? 'warning' : undefined}
            />
          </Modal>
        </>
      )}
    </Drawer>
  );
}

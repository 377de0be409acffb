/**
 * 版本记录: the versions of one licence (变更 and 延续 issue version + 1 with the same serial and link it to the one it
 * replaced, which becomes 失效（已换发）) — each with its status and dates, the one on screen marked. Shown in the
 * issuing department's drawer and, on demand, in the holder's wallet card.
 */
import { Skeleton, Tag } from 'antd';
import { licenceApi, type LicenceView } from '../api/licence.api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { LICENCE_STATUS_COLOURS } from './licence-status.js';
import { useAsync } from './use-async.js';
import { useDate } from './work.js';

/** Enough for any real licence (a version per 变更/延续); stops a broken link from looping. */
const MAX_STEPS = 20;

type Version = Pick<
  LicenceView,
  | 'identifier'
  | 'version'
  | 'status'
  | 'statusLabel'
  | 'issuedAt'
  | 'statusChangedAt'
  | 'previousIdentifier'
  | 'supersededBy'
>;

/** The chain through `licence`: older versions via previousIdentifier, newer via supersededBy; newest first. */
async function versionsOf(licence: Version, signal: AbortSignal): Promise<Version[]> {
  const older: Version[] = [];
  const newer: Version[] = [];
  let back = licence.previousIdentifier;
  for (let i = 0; back && i < MAX_STEPS; i++) {
    const v = await licenceApi.detail(back, signal);
    older.push(v);
    back = v.previousIdentifier;
  }
  let forward = licence.supersededBy;
  for (let i = 0; forward && i < MAX_STEPS; i++) {
    const v = await licenceApi.detail(forward, signal);
    newer.unshift(v);
    forward = v.supersededBy;
  }
  return [...newer, licence, ...older];
}

/** Nothing for a licence with a single version; otherwise the compact list. */
export function LicenceVersions({ licence, title }: { licence: Version; title?: string }) {
  const { t } = useI18n();
  const date = useDate();
  const single = !licence.previousIdentifier && !licence.supersededBy;
  const [state, reload] = useAsync(
    (signal) => (single ? Promise.resolve([licence]) : versionsOf(licence, signal)),
    // A new status or link of the licence on screen means a new chain (`single` follows from the links).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the fields that matter: callers re-create `licence` per render
    [licence.identifier, licence.status, licence.previousIdentifier, licence.supersededBy],
  );
  if (single) return null;
  return (
    <section className="licence-versions top-gap" aria-label={title ?? t('licenceView.versions')}>
      <h3 className="sub-title">{title ?? t('licenceView.versions')}</h3>
      {state.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <ol data-testid="licence-versions">
          {state.data.map((v) => (
            <li
              key={v.identifier}
              data-testid="licence-version"
              aria-current={v.identifier === licence.identifier ? 'true' : undefined}
            >
              <strong>{t('licenceView.version', { n: v.version })}</strong>{' '}
              <Tag color={LICENCE_STATUS_COLOURS[v.status] ?? 'default'}>{v.statusLabel}</Tag>
              {v.identifier === licence.identifier && (
                <span className="muted">{t('licenceView.versionShown')}</span>
              )}
              <div className="muted">
                {t('licenceView.versionIssued', { date: date(v.issuedAt) })}
                {v.status === 'superseded' && v.statusChangedAt
                  ? ` · ${t('licenceView.versionSuperseded', { date: date(v.statusChangedAt) })}`
                  : ''}
              </div>
              <div className="break-all muted">{v.identifier}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

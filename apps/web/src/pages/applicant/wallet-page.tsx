import { Alert, Card, Grid, Pagination, Tag, Typography } from 'antd';
import * as z from 'zod/mini';
import { Link } from 'react-router';
// The contract's status list as plain values (constants.ts has no zod): only the schemas of @hall/contracts/api
// are loaded lazily (api/http.ts), this small module is meant to be in the bundle.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
import { LICENCE_STATUSES } from '@hall/contracts/constants';
import { licenceApi, licencePaths, type LicenceFilter } from '../../api/licence.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { pageParam } from '../../components/url-schema.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { LICENCE_STATUS_COLOURS, LicenceDetails } from '../../components/licence-details.js';
import { LicenceFilterBar } from '../../components/licence-filter-bar.js';
import { ShareLicenceButton } from '../../components/share-licence.js';
import { ProtectedLink, useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';

const WALLET_URL = z.object({
  type: z.optional(z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/))),
  status: z.optional(z.enum(LICENCE_STATUSES)),
  issuer: z.optional(z.string().check(z.regex(/^[0-9A-Z]{18}$/))),
  q: z.optional(z.string().check(z.maxLength(80))),
  page: pageParam,
});
/** Cards per page (a heavy user has 85 licences: never all of them on one page). */
const WALLET_PAGE_SIZE = 12;
const PHONE_PAGE_SIZE = 6;

/** 我的证照: the holder's e-licences — filtered by type, status and issuer or a name, paged — with PDF, verification and sharing. */
export function WalletPage() {
  const { t } = useI18n();
  const date = useDate();
  // Filters and page in the URL: a reload, a shared link or 返回 keeps them.
  const [filter, update] = useSearchParamsSchema(WALLET_URL);
  // A card is about a phone screen high: fewer per page there.
  const pageSize = Grid.useBreakpoint().md === false ? PHONE_PAGE_SIZE : WALLET_PAGE_SIZE;
  const [state, reload] = useAsync(
    (signal) => licenceApi.mine(signal, { ...filter, pageSize }),
    [filter, pageSize],
  );
  /** A filter changed: back to page 1 (no `page` key). */
  const change = (next: Partial<LicenceFilter>) => update({ ...next, page: next.page });
  const facets = state.status === 'ok' ? state.data.facets : undefined;
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('wallet.title')}
      </Typography.Title>
      <LicenceFilterBar filter={filter} facets={facets} onChange={change} withIssuer />
      <AsyncView
        state={state}
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        emptyText={t('wallet.empty')}
      >
        {(data) => (
          <>
            <div className="card-grid">
              {data.items.map((l) => (
                <Card
                  key={l.identifier}
                  className="licence-card"
                  title={<h2 className="card-title">{l.name}</h2>}
                  extra={<Tag color={LICENCE_STATUS_COLOURS[l.status] ?? 'default'}>{l.statusLabel}</Tag>}
                >
                  <dl className="material-facts">
                    <dt>{t('wallet.holder')}</dt>
                    <dd>{l.holder.name}</dd>
                    <dt>{t('wallet.issuer')}</dt>
                    <dd>{l.issuer.name}</dd>
                    <dt>{t('wallet.validity')}</dt>
                    <dd>{l.validity}</dd>
                    <dt>{t('wallet.issuedAt')}</dt>
                    <dd>{date(l.issuedAt)}</dd>
                    {l.applicationNo && (
                      <>
                        <dt>{t('work.no')}</dt>
                        <dd>{l.applicationNo}</dd>
                      </>
                    )}
                    <dt>{t('wallet.identifier')}</dt>
                    <dd className="break-all muted" data-testid="licence-identifier">
                      {l.identifier}
                    </dd>
                  </dl>
                  {l.status === 'invalidated' && (
                    <Alert type="warning" showIcon message={t('wallet.invalidated')} />
                  )}
                  <LicenceDetails licence={l} />
                  <div className="button-row">
                    {l.status !== 'invalidated' && (
                      <ProtectedLink href={licencePaths.pdf(l.identifier)} download={`${l.name}.pdf`}>
                        {t('wallet.pdf')}
                      </ProtectedLink>
                    )}
                    <Link to={`/verify?identifier=${encodeURIComponent(l.identifier)}`}>
                      {t('wallet.verify')}
                    </Link>
                    {l.status === 'valid' && <ShareLicenceButton licence={l} />}
                  </div>
                </Card>
              ))}
            </div>
            <Pagination
              className="pager"
              current={data.page}
              pageSize={data.pageSize}
              total={data.total}
              showTotal={(total) => t('wallet.total', { n: total })}
              onChange={(page) => change({ page })}
              hideOnSinglePage
            />
          </>
        )}
      </AsyncView>
    </div>
  );
}

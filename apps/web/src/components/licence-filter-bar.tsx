/** The filters above a licence list (我的证照, 证照管理): a name/identifier search and selects built from the list's facets. */
import { Input, Select } from 'antd';
import type { LicenceFilter, LicencePage, LicenceStatus } from '../api/licence.api.js';
import { useI18n } from '../i18n/i18n.js';

export function LicenceFilterBar({
  filter,
  facets,
  onChange,
  withIssuer = false,
}: {
  filter: LicenceFilter;
  facets: LicencePage['facets'] | undefined;
  onChange: (next: Partial<LicenceFilter>) => void;
  withIssuer?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="filter-bar" role="search" aria-label={t('wallet.filters')}>
      <Input.Search
        allowClear
        aria-label={t('wallet.search')}
        placeholder={t('lists.searchPlaceholder')}
        defaultValue={filter.q}
        onSearch={(q) => onChange({ q })}
        style={{ maxWidth: 320 }}
      />
      <Select
        allowClear
        aria-label={t('wallet.type')}
        placeholder={t('wallet.type')}
        style={{ minWidth: 200 }}
        value={filter.type}
        onChange={(type?: string) => onChange({ type })}
        options={(facets?.types ?? []).map((x) => ({ value: x.code, label: x.name }))}
      />
      <Select
        allowClear
        aria-label={t('wallet.status')}
        placeholder={t('wallet.status')}
        style={{ minWidth: 160 }}
        value={filter.status}
        onChange={(status?: LicenceStatus) => onChange({ status })}
        options={(facets?.statuses ?? []).map((x) => ({ value: x.status, label: x.label }))}
      />
      {withIssuer && (
        <Select
          allowClear
          aria-label={t('wallet.issuer')}
          placeholder={t('wallet.issuer')}
          style={{ minWidth: 220 }}
          value={filter.issuer}
          onChange={(issuer?: string) => onChange({ issuer })}
          options={(facets?.issuers ?? []).map((x) => ({ value: x.uscc, label: x.name }))}
        />
      )}
    </div>
  );
}

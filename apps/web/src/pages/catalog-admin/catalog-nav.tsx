/** 事项目录管理: the sub-navigation and the status tag every catalog admin screen shows. */
import { Tag } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const STATUS_COLOUR: Readonly<Record<string, string>> = {
  draft: 'blue',
  published: 'green',
  retired: 'default',
};

export function CatalogNav() {
  const { t } = useI18n();
  return (
    <nav aria-label={t('cat.subnav')} className="sub-nav">
      <Link className="sub-nav-link" to="/catalog-admin">
        {t('cat.home')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/base-items/new">
        {t('cat.newBaseItem')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/import">
        {t('cat.importExport')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/synonyms">
        {t('cat.synonyms')}
      </Link>
      <Link className="sub-nav-link" to="/catalog-admin/service-points">
        {t('spa.title')}
      </Link>
    </nav>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOUR[status] ?? 'default'} data-status={status}>
      {t(`cat.status.${status}` as MessageKey) ?? status}
    </Tag>
  );
}

/** The bar above a 监察 table: how many rows match, and 导出 of the rows shown (disabled while there are none). */
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.js';

export function ExportToolbar(props: {
  total: number;
  empty: boolean;
  onExport: () => void;
  totalTestId?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="table-toolbar">
      <span className="muted" data-testid={props.totalTestId}>
        {t('sup.totalN', { n: props.total })}
      </span>
      <Button disabled={props.empty} onClick={props.onExport}>
        {t('sup.exportVisible')}
      </Button>
    </div>
  );
}

/** 「暂定」: a deadline counted into a year whose State Council holiday arrangement is not loaded yet. */
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n.js';

/** The China-time (UTC+8) year of an instant, independent of the browser's time zone. */
const chinaYear = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).getUTCFullYear();

export function ProvisionalTag({ due, show }: { due: string | null | undefined; show: boolean | undefined }) {
  const { t } = useI18n();
  if (show !== true || due === null || due === undefined) return null;
  return (
    <Tooltip title={t('calendar.provisionalTip', { year: chinaYear(due) })}>
      <Tag color="orange" className="provisional-tag" data-provisional="true" tabIndex={0}>
        {t('calendar.provisional')}
      </Tag>
    </Tooltip>
  );
}

/** 保存失败 above a catalog form, with what the service said that no field of the form shows. */
import { Alert } from 'antd';
import { useI18n } from '../../i18n/i18n.js';

export function SaveFailedAlert({ general }: { general: string | null }) {
  const { t } = useI18n();
  if (!general) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('cat.saveFailed')}
      description={general}
      className="bottom-gap"
    />
  );
}

import { Alert, Button } from 'antd';
import { ApiError, isRouteMissing } from '../api/http.js';
import { useI18n } from '../i18n/i18n.js';
import { CODE_TEXTS, ERROR_TEXTS_ZH, statusTextZh } from './error-texts.js';

/**
 * Words for an error the user can act on: service not there yet, network down, or what the code means — in the
 * Chinese interface never the service's message (English, for developers), in the English one that message
 * unless the code has words of its own.
 */
export function useErrorText(): (error: unknown) => string {
  const { t, locale } = useI18n();
  return (error) => {
    if (isRouteMissing(error)) return t('common.serviceUnavailable');
    if (error instanceof ApiError) {
      if (error.code === 'NETWORK_ERROR') return t('common.networkError');
      const known = CODE_TEXTS[error.code];
      const words = known
        ? t(known)
        : locale === 'zh-CN'
          ? (ERROR_TEXTS_ZH[error.code] ?? statusTextZh(error.status))
          : error.message;
      return error.correlationId ? `${words}（${error.correlationId}）` : words;
    }
    return error instanceof Error ? error.message : String(error);
  };
}

export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useI18n();
  const text = useErrorText();
  return (
    <Alert
      type={isRouteMissing(error) ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={title ?? (isRouteMissing(error) ? t('common.unavailableTitle') : t('common.error'))}
      description={text(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}

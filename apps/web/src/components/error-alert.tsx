import { Alert, Button } from 'antd';
import { ApiError, isRouteMissing } from '../api/http.js';
import { useI18n } from '../i18n/i18n.js';
import { CODE_TEXTS, ERROR_TEXTS_ZH, statusTextZh } from './error-texts.js';

/**
 * Words for an error the user can act on (the headline: never a code or a request id, see ErrorDetails): service not there yet, network down, or what the code means — in the
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
      return words;
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
      description={
        <>
          {text(error)}
          <ErrorDetails error={error} />
        </>
      }
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

/**
 * The fold under an error's words for whoever helps the user: the machine-readable code and the request's
 * correlation id (错误代码 / 请求编号), closed by default.
 */
export function ErrorDetails({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError) || (!error.correlationId && !error.code)) return null;
  return (
    <details className="error-details">
      <summary>{t('common.errorDetails')}</summary>
      <div data-raw>
        {error.code && <div>{t('common.errorCode', { code: error.code })}</div>}
        {error.correlationId && <div>{t('common.errorReference', { id: error.correlationId })}</div>}
      </div>
    </details>
  );
}

import { Alert, Button } from 'antd';
import { ApiError, isRouteMissing } from '../api/http.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

/** Error codes whose meaning the user needs in their words rather than the service's message. */
const CODE_TEXTS: Readonly<Record<string, MessageKey>> = {
  CASE_CLOSED: 'error.CASE_CLOSED',
  CASE_RETURNED: 'error.CASE_RETURNED',
  SUPPLEMENT_INCOMPLETE: 'error.SUPPLEMENT_INCOMPLETE',
  ILLEGAL_TRANSITION: 'error.ILLEGAL_TRANSITION',
  // Catalog workbook import (导入): the service's words name archive internals.
  UPLOAD_ARCHIVE_BOMB: 'error.UPLOAD_ARCHIVE_BOMB',
  EXCHANGE_WORKBOOK_UNREADABLE: 'error.EXCHANGE_WORKBOOK_UNREADABLE',
  QUERY_CODE_LOCKED: 'error.QUERY_CODE_LOCKED',
  // Uploads (申请材料) and a department's return: the service's words name PDF internals or request fields.
  UPLOAD_RATE_LIMITED: 'error.UPLOAD_RATE_LIMITED',
  UPLOAD_QUOTA_EXCEEDED: 'error.UPLOAD_QUOTA_EXCEEDED',
  UPLOAD_PDF_ACTIVE_CONTENT: 'error.UPLOAD_PDF_ACTIVE_CONTENT',
  UPLOAD_PDF_UNREADABLE: 'error.UPLOAD_PDF_UNREADABLE',
  ITEMS_ONLY_WITH_RETURN: 'error.ITEMS_ONLY_WITH_RETURN',
  MATERIAL_UNKNOWN: 'error.MATERIAL_UNKNOWN',
  // 证照管理 (licence service): its messages are for developers.
  LICENCE_NOTHING_CHANGED: 'error.LICENCE_NOTHING_CHANGED',
  LICENCE_STATUS_CONFLICT: 'error.LICENCE_STATUS_CONFLICT',
  NOT_ISSUING_DEPARTMENT: 'error.NOT_ISSUING_DEPARTMENT',
};

/** Words for an error the user can act on: service not there yet, network down, or the service's message. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => {
    if (isRouteMissing(error)) return t('common.serviceUnavailable');
    if (error instanceof ApiError) {
      if (error.code === 'NETWORK_ERROR') return t('common.networkError');
      const known = CODE_TEXTS[error.code];
      if (known) return error.correlationId ? `${t(known)}（${error.correlationId}）` : t(known);
      return error.correlationId ? `${error.message}（${error.correlationId}）` : error.message;
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

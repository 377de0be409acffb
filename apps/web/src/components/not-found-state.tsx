/** The state of a detail page whose record is not there for this user: 404 (another applicant's, or no such number) or 403. */
import { Result } from 'antd';
import { Link } from 'react-router';
import { ApiError, isRouteMissing } from '../api/http.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';

export function ApplicationLoadError({
  error,
  onRetry,
  back,
}: {
  error: unknown;
  onRetry: () => void;
  back: string;
}) {
  const { t } = useI18n();
  if (error instanceof ApiError && !isRouteMissing(error) && (error.status === 404 || error.status === 403)) {
    return (
      <div className="page" data-testid={error.status === 404 ? 'state-not-found' : 'state-forbidden'}>
        <Result
          status={error.status === 404 ? '404' : '403'}
          title={error.status === 404 ? t('state.notFoundTitle') : t('state.forbiddenTitle')}
          subTitle={error.status === 404 ? t('state.notFoundHint') : t('state.forbiddenHint')}
          extra={<Link to={back}>{t('work.back')}</Link>}
        />
      </div>
    );
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}

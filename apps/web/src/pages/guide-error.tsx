/** The 办事指南 page when its guide does not load: no such item (404) or an error to retry. Loaded only then. */
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useI18n } from '../i18n/i18n.js';

export function GuideLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('guide.notFound')}
        extra={
          <Link to="/search">
            <Button type="primary">{t('nav.search')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <div className="page">
      <ErrorAlert error={error} onRetry={onRetry} />
    </div>
  );
}

import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { useAuth } from './auth.js';
import type { Role } from './roles.js';

/** Renders its children for a signed-in user holding one of `roles`; otherwise a login prompt or 403. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { ready, user, login, hasRole } = useAuth();
  const { t } = useI18n();
  if (!ready) {
    return (
      <div className="page-center" role="status" aria-label={t('common.loading')}>
        <Spin size="large" />
      </div>
    );
  }
  if (!user) {
    return (
      <Result
        status="info"
        title={t('auth.needLogin')}
        subTitle={t('auth.needLoginHint')}
        extra={
          <Button type="primary" onClick={() => void login()}>
            {t('auth.login')}
          </Button>
        }
      />
    );
  }
  if (!hasRole(...roles))
    return <Result status="403" title={t('auth.forbidden')} subTitle={t('auth.forbiddenHint')} />;
  return <>{children}</>;
}

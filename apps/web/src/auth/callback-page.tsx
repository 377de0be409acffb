import { Button, Result, Spin } from 'antd';
import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { safeReturnTo, useAuth } from './auth.js';

/** A code can be exchanged once: one exchange per callback URL, even when React runs the effect twice. */
const exchanges = new Map<string, Promise<User>>();

function exchange(manager: UserManager, url: string): Promise<User> {
  let p = exchanges.get(url);
  if (!p) {
    p = manager.signinRedirectCallback(url);
    exchanges.set(url, p);
  }
  return p;
}

/** `/auth/callback`: finishes the authorization code flow and returns to the page the user came from. */
export function CallbackPage() {
  const { loadManager } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    loadManager()
      .then((m) => exchange(m, window.location.href))
      .then((user) => {
        const state = user.state as { returnTo?: unknown } | undefined;
        if (alive) void navigate(safeReturnTo(state?.returnTo), { replace: true });
      })
      .catch((err: unknown) => alive && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      alive = false;
    };
  }, [loadManager, navigate]);

  if (error) {
    return (
      <Result
        status="error"
        title={t('auth.loginFailed')}
        subTitle={error}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <div className="page-center" role="status">
      <Spin size="large" />
      <p>{t('auth.loggingIn')}</p>
    </div>
  );
}

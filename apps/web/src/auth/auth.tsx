/**
 * Sign-in with OpenID Connect, authorization code + PKCE (oidc-client-ts), against the `hall` realm: Keycloak
 * in production, the dev identity provider embedded — same endpoints, same code. Tokens live in
 * sessionStorage (gone with the tab); the access token is refreshed with the refresh token before it expires.
 */
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setTokenSource } from '../api/http.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { decodeJwtPayload, rolesOf, type Role } from './roles.js';

export const CALLBACK_PATH = '/auth/callback';

export interface SessionUser {
  /** Subject (`sub`): the id the services record as actor / assignee. */
  id: string;
  /** Display name (claim `name`), e.g. 张三. */
  name: string;
  username: string;
  roles: Role[];
  region?: string;
  department?: string;
  /** `department_role`: head (负责人) or officer. */
  departmentRole?: string;
  /** 统一社会信用代码 of a business account (claim `uscc`); absent for a person. */
  uscc?: string;
}

interface Auth {
  /** False until the stored session has been read. */
  ready: boolean;
  user: SessionUser | null;
  login(returnTo?: string): Promise<void>;
  logout(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
  manager: UserManager;
}

export function createUserManager(config: RuntimeConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile email',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
}

function toSessionUser(user: User | null): SessionUser | null {
  if (!user || user.expired) return null;
  const p = user.profile;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    id: p.sub,
    name: str(p.name) ?? str(p.preferred_username) ?? p.sub,
    username: str(p.preferred_username) ?? p.sub,
    roles: rolesOf(user.access_token),
    region: str(p.region),
    department: str(p.department),
    departmentRole: str(p.department_role),
    uscc: str(p.uscc) ?? str(decodeJwtPayload(user.access_token).uscc),
  };
}

/** Where to go back after sign-in: a path of this app, never another origin. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.startsWith(CALLBACK_PATH)
    ? value
    : '/';
}

/**
 * The stored user, renewed with its refresh token when the access token has expired meanwhile (a reload after
 * the tab sat idle: the renew timer did not run). One renewal at a time; null when there is no usable session.
 */
function currentUser(manager: UserManager): Promise<User | null> {
  const pending = renewing.get(manager);
  if (pending) return pending;
  const next = manager.getUser().then(async (u) => {
    if (!u || !u.expired) return u;
    if (!u.refresh_token) return null;
    try {
      return await manager.signinSilent();
    } catch {
      await manager.removeUser();
      return null;
    }
  });
  renewing.set(manager, next);
  void next.finally(() => renewing.delete(manager));
  return next;
}
const renewing = new WeakMap<UserManager, Promise<User | null>>();

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ manager, children }: { manager: UserManager; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [user, setUser] = useState<SessionUser | null>(null);

  useEffect(() => {
    setTokenSource(async () => {
      const u = await currentUser(manager);
      return u && !u.expired ? u.access_token : undefined;
    });
    let alive = true;
    const loaded = (u: User) => {
      if (alive) setUser(toSessionUser(u));
    };
    const unloaded = () => {
      if (alive) setUser(null);
    };
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(unloaded);
    // The renew timer may have missed its turn (a sleeping tab): try the refresh token before signing out.
    const expired = () => void currentUser(manager).then((u) => alive && setUser(toSessionUser(u)));
    manager.events.addAccessTokenExpired(expired);
    manager.events.addSilentRenewError(() => void manager.removeUser());
    void currentUser(manager)
      .then((u) => alive && setUser(toSessionUser(u)))
      .finally(() => alive && setReady(true));
    return () => {
      alive = false;
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(unloaded);
      manager.events.removeAccessTokenExpired(expired);
    };
  }, [manager]);

  const login = useCallback(
    (returnTo?: string) =>
      manager.signinRedirect({
        state: { returnTo: safeReturnTo(returnTo ?? window.location.pathname + window.location.search) },
      }),
    [manager],
  );
  const logout = useCallback(async () => {
    const u = await manager.getUser();
    if (u?.id_token) await manager.signoutRedirect({ id_token_hint: u.id_token });
    else {
      await manager.removeUser();
      setUser(null);
    }
  }, [manager]);

  const value = useMemo<Auth>(
    () => ({
      ready,
      user,
      login,
      logout,
      manager,
      hasRole: (...roles) => !!user && roles.some((r) => user.roles.includes(r)),
    }),
    [ready, user, login, logout, manager],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

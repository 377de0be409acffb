/**
 * Sign-in with OpenID Connect, authorization code + PKCE (oidc-client-ts), against the `hall` realm: Keycloak
 * in production, the dev identity provider embedded — same endpoints, same code. Tokens live in
 * sessionStorage (gone with the tab); the access token is refreshed with the refresh token before it expires.
 * oidc-client-ts (and the session it keeps) is loaded only when needed: at start when sessionStorage holds a
 * session or on the sign-in callback, else when the visitor signs in — a first visit to a public page never loads it.
 */
import type { User, UserManager } from 'oidc-client-ts';
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
  /** Mobile number of the account's profile (claim `phone_number`), when the identity provider gives one. */
  phone?: string;
}

interface Auth {
  /** False until the stored session has been read. */
  ready: boolean;
  user: SessionUser | null;
  login(returnTo?: string): Promise<void>;
  logout(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
  /** The OIDC client, loaded on first call (the callback page finishes the sign-in with it). */
  loadManager(): Promise<UserManager>;
}

/** The OIDC client, or how to make it (createUserManager, which loads the library). */
export type ManagerSource = UserManager | (() => Promise<UserManager>);

/** Whether oidc-client-ts keeps a signed-in user in this tab (its `oidc.user:<authority>:<client>` entry). */
function storedSession(): boolean {
  try {
    for (let i = 0; i < sessionStorage.length; i++)
      if (sessionStorage.key(i)?.startsWith('oidc.user:')) return true;
  } catch {
    // storage blocked: no session can have been kept either
  }
  return false;
}

export async function createUserManager(config: RuntimeConfig): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
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
    phone: str(p.phone_number),
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

export function AuthProvider({ manager: source, children }: { manager: ManagerSource; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [user, setUser] = useState<SessionUser | null>(null);
  const [client, setClient] = useState<UserManager | null>(null);
  const loadManager = useMemo(() => {
    let loading: Promise<UserManager> | undefined;
    return () => (loading ??= typeof source === 'function' ? source() : Promise.resolve(source));
  }, [source]);

  useEffect(() => {
    // Without a stored session an API call goes out anonymously, without loading the client.
    setTokenSource(async () => {
      if (!storedSession()) return undefined;
      const u = await currentUser(await loadManager());
      return u && !u.expired ? u.access_token : undefined;
    });
    let alive = true;
    if (typeof source !== 'function' || storedSession() || window.location.pathname === CALLBACK_PATH)
      void loadManager().then((m) => alive && setClient(m));
    else setReady(true);
    return () => {
      alive = false;
    };
  }, [source, loadManager]);

  useEffect(() => {
    const manager = client;
    if (!manager) return;
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
  }, [client]);

  const login = useCallback(
    async (returnTo?: string) =>
      (await loadManager()).signinRedirect({
        state: { returnTo: safeReturnTo(returnTo ?? window.location.pathname + window.location.search) },
      }),
    [loadManager],
  );
  const logout = useCallback(async () => {
    const manager = await loadManager();
    const u = await manager.getUser();
    if (u?.id_token) await manager.signoutRedirect({ id_token_hint: u.id_token });
    else {
      await manager.removeUser();
      setUser(null);
    }
  }, [loadManager]);

  const value = useMemo<Auth>(
    () => ({
      ready,
      user,
      login,
      logout,
      loadManager,
      hasRole: (...roles) => !!user && roles.some((r) => user.roles.includes(r)),
    }),
    [ready, user, login, logout, loadManager],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/**
 * Route-level code splitting: every page is its own chunk, loaded when its route is first shown, so a first visit
 * downloads the frame (layout, router, auth, i18n) and the one page it opens — not the staff screens, ECharts, the
 * QR decoder or the date pickers. A role-guarded page loads its guard (RequireRole, antd Result) and antd's App
 * (lazy-ant-app.tsx) with it.
 */
import { lazy, type ComponentType } from 'react';
import type { Role } from '../auth/roles.js';
import { useI18n } from '../i18n/i18n.js';
import { loadAntApp } from './lazy-ant-app.js';

/** A page loaded on demand; `preload()` starts loading it before it renders. */
export type LazyPage = ComponentType & { preload(): void };

/** A page component loaded on demand: `load` imports its module, `pick` names the export; `roles` guards it. */
export function lazyPage<M>(
  load: () => Promise<M>,
  pick: (m: M) => ComponentType,
  roles?: readonly Role[],
): LazyPage {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const factory = () => (loading ??= loadPage(load, pick, roles));
  return Object.assign(lazy(factory), { preload: () => void factory().catch(() => undefined) });
}

async function loadPage<M>(
  load: () => Promise<M>,
  pick: (m: M) => ComponentType,
  roles?: readonly Role[],
): Promise<{ default: ComponentType }> {
  if (!roles) return { default: pick(await load()) };
  const [m, { RequireRole }] = await Promise.all([load(), import('../auth/require-role.js'), loadAntApp()]);
  const Page = pick(m);
  return {
    default: function Guarded() {
      return (
        <RequireRole roles={roles}>
          <Page />
        </RequireRole>
      );
    },
  };
}

/** Shown in the page area while a page's chunk loads: plain markup, no component library (the frame stays put). */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="page-loading-bar" aria-hidden="true" />
      <span className="page-loading-text">{t('common.loading')}</span>
    </div>
  );
}

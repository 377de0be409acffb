/**
 * Routes of the supervisor (监察) and catalog administrator (目录管理) screens, role-guarded, each page loaded on
 * demand (ECharts and the editors stay out of the public pages' bundle).
 */
import { Skeleton } from 'antd';
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { RequireRole } from '../auth/require-role.js';
import type { Role } from '../auth/roles.js';

function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): ComponentType {
  return lazy(async () => ({ default: pick(await load()) }));
}

const Dashboard = page(
  () => import('./supervisor-dashboard.js'),
  (m) => m.SupervisionDashboardPage,
);
const Alerts = page(
  () => import('./supervision/alerts-page.js'),
  (m) => m.AlertsPage,
);
const Anomalies = page(
  () => import('./supervision/anomalies-page.js'),
  (m) => m.AnomaliesPage,
);
const Risk = page(
  () => import('./supervision/risk-page.js'),
  (m) => m.RiskPage,
);
const CaseLookup = page(
  () => import('./supervision/case-lookup-page.js'),
  (m) => m.CaseLookupPage,
);
const CaseTimeline = page(
  () => import('./supervision/case-timeline-page.js'),
  (m) => m.CaseTimelinePage,
);
const Calendar = page(
  () => import('./supervision/calendar-page.js'),
  (m) => m.CalendarPage,
);
const Rectifications = page(
  () => import('./rectification-pages.js'),
  (m) => m.RectificationsPage,
);
const CatalogHome = page(
  () => import('./catalog-admin/home-page.js'),
  (m) => m.CatalogAdminHomePage,
);
const BaseItem = page(
  () => import('./catalog-admin/base-item-page.js'),
  (m) => m.BaseItemPage,
);
const Implementation = page(
  () => import('./catalog-admin/implementation-page.js'),
  (m) => m.ImplementationPage,
);
const Import = page(
  () => import('./catalog-admin/import-page.js'),
  (m) => m.CatalogImportPage,
);
const Synonyms = page(
  () => import('./catalog-admin/synonyms-page.js'),
  (m) => m.SynonymsPage,
);

function guarded(roles: readonly Role[], Page: ComponentType): ReactNode {
  return (
    <RequireRole roles={roles}>
      <Suspense fallback={<Skeleton active />}>
        <Page />
      </Suspense>
    </RequireRole>
  );
}

const SUPERVISOR: readonly Role[] = ['supervisor'];
const CATALOG_ADMIN: readonly Role[] = ['catalog-admin'];

export const ADMIN_ROUTES: RouteObject[] = [
  { path: '/supervision', element: guarded(SUPERVISOR, Dashboard) },
  { path: '/supervision/alerts', element: guarded(SUPERVISOR, Alerts) },
  { path: '/supervision/anomalies', element: guarded(SUPERVISOR, Anomalies) },
  { path: '/supervision/risk', element: guarded(SUPERVISOR, Risk) },
  { path: '/supervision/cases', element: guarded(SUPERVISOR, CaseLookup) },
  { path: '/supervision/cases/:no', element: guarded(SUPERVISOR, CaseTimeline) },
  { path: '/supervision/calendar', element: guarded(SUPERVISOR, Calendar) },
  { path: '/supervision/rectifications', element: guarded(SUPERVISOR, Rectifications) },
  { path: '/catalog-admin', element: guarded(CATALOG_ADMIN, CatalogHome) },
  { path: '/catalog-admin/base-items/:code', element: guarded(CATALOG_ADMIN, BaseItem) },
  { path: '/catalog-admin/implementations/:code', element: guarded(CATALOG_ADMIN, Implementation) },
  { path: '/catalog-admin/import', element: guarded(CATALOG_ADMIN, Import) },
  { path: '/catalog-admin/synonyms', element: guarded(CATALOG_ADMIN, Synonyms) },
];

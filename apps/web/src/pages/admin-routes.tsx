/**
 * Routes of the supervisor (监察) and catalog administrator (目录管理) screens: path, role-guarded page loaded on
 * demand (ECharts and the editors stay out of the public pages' bundle), document title. app.tsx mounts them.
 */
import type { Role } from '../auth/roles.js';
import type { MessageKey } from '../i18n/messages.js';
import { lazyPage, type LazyPage } from '../layout/lazy-page.js';

const SUPERVISOR: readonly Role[] = ['supervisor'];
const CATALOG_ADMIN: readonly Role[] = ['catalog-admin'];

const Dashboard = lazyPage(
  () => import('./supervisor-dashboard.js'),
  (m) => m.SupervisionDashboardPage,
  SUPERVISOR,
);
const Alerts = lazyPage(
  () => import('./supervision/alerts-page.js'),
  (m) => m.AlertsPage,
  SUPERVISOR,
);
const Anomalies = lazyPage(
  () => import('./supervision/anomalies-page.js'),
  (m) => m.AnomaliesPage,
  SUPERVISOR,
);
const Risk = lazyPage(
  () => import('./supervision/risk-page.js'),
  (m) => m.RiskPage,
  SUPERVISOR,
);
const CaseLookup = lazyPage(
  () => import('./supervision/case-lookup-page.js'),
  (m) => m.CaseLookupPage,
  SUPERVISOR,
);
const CaseTimeline = lazyPage(
  () => import('./supervision/case-timeline-page.js'),
  (m) => m.CaseTimelinePage,
  SUPERVISOR,
);
const Matters = lazyPage(
  () => import('./supervision/matters-page.js'),
  (m) => m.MattersPage,
  SUPERVISOR,
);
const MatterTimeline = lazyPage(
  () => import('./supervision/matter-timeline-page.js'),
  (m) => m.MatterTimelinePage,
  SUPERVISOR,
);
const Calendar = lazyPage(
  () => import('./supervision/calendar-page.js'),
  (m) => m.CalendarPage,
  SUPERVISOR,
);
const Rectifications = lazyPage(
  () => import('./rectification-pages.js'),
  (m) => m.RectificationsPage,
  SUPERVISOR,
);
const CatalogHome = lazyPage(
  () => import('./catalog-admin/home-page.js'),
  (m) => m.CatalogAdminHomePage,
  CATALOG_ADMIN,
);
const BaseItem = lazyPage(
  () => import('./catalog-admin/base-item-page.js'),
  (m) => m.BaseItemPage,
  CATALOG_ADMIN,
);
const Implementation = lazyPage(
  () => import('./catalog-admin/implementation-page.js'),
  (m) => m.ImplementationPage,
  CATALOG_ADMIN,
);
const Import = lazyPage(
  () => import('./catalog-admin/import-page.js'),
  (m) => m.CatalogImportPage,
  CATALOG_ADMIN,
);
const ServicePoints = lazyPage(
  () => import('./catalog-admin/service-points-page.js'),
  (m) => m.ServicePointsPage,
  ['catalog-admin', 'admin'],
);
const Synonyms = lazyPage(
  () => import('./catalog-admin/synonyms-page.js'),
  (m) => m.SynonymsPage,
  CATALOG_ADMIN,
);

export const ADMIN_ROUTES: readonly (readonly [string, LazyPage, MessageKey])[] = [
  ['/supervision', Dashboard, 'title.supervision'],
  ['/supervision/alerts', Alerts, 'title.alerts'],
  ['/supervision/anomalies', Anomalies, 'title.anomalies'],
  ['/supervision/risk', Risk, 'title.risk'],
  ['/supervision/cases', CaseLookup, 'title.caseLookup'],
  ['/supervision/cases/:no', CaseTimeline, 'title.caseTimeline'],
  ['/supervision/matters', Matters, 'matters.title'],
  ['/supervision/matters/view', MatterTimeline, 'matters.timelineTitle'],
  ['/supervision/calendar', Calendar, 'title.calendar'],
  ['/supervision/rectifications', Rectifications, 'title.rectifications'],
  ['/catalog-admin', CatalogHome, 'title.catalogAdmin'],
  ['/catalog-admin/base-items/:code', BaseItem, 'title.baseItem'],
  ['/catalog-admin/implementations/:code', Implementation, 'title.implementation'],
  ['/catalog-admin/import', Import, 'title.catalogImport'],
  ['/catalog-admin/synonyms', Synonyms, 'title.synonyms'],
  ['/catalog-admin/service-points', ServicePoints, 'title.servicePoints'],
];

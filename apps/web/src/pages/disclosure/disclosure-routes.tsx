/**
 * Routes of the 政务公开 screens (path, page loaded on demand, document title); app.tsx mounts them. The public
 * pages need no login; the workbench is for department staff (approver role; the head reviews).
 */
import type { Role } from '../../auth/roles.js';
import type { MessageKey } from '../../i18n/messages.js';
import { lazyPage, type LazyPage } from '../../layout/lazy-page.js';

const STAFF: readonly Role[] = ['approver'];

const Disclosure = lazyPage(
  () => import('./disclosure-page.js'),
  (m) => m.DisclosurePage,
);
const DisclosureItem = lazyPage(
  () => import('./disclosure-item-page.js'),
  (m) => m.DisclosureItemPage,
);
const MyRequests = lazyPage(
  () => import('./my-requests-page.js'),
  (m) => m.MyRequestsPage,
  ['applicant'],
);
const RequestWork = lazyPage(
  () => import('./request-work-page.js'),
  (m) => m.RequestWorkPage,
  STAFF,
);
const DisclosureGuide = lazyPage(
  () => import('./disclosure-guide-page.js'),
  (m) => m.DisclosureGuidePage,
);
const DisclosureWork = lazyPage(
  () => import('./disclosure-work-page.js'),
  (m) => m.DisclosureWorkPage,
  STAFF,
);

const DisclosureReport = lazyPage(
  () => import('./disclosure-report-page.js'),
  (m) => m.DisclosureReportPage,
  STAFF,
);

export const DISCLOSURE_ROUTES: ReadonlyArray<readonly [string, LazyPage, MessageKey]> = [
  ['/disclosure', Disclosure, 'title.disclosure'],
  ['/disclosure/items/:id', DisclosureItem, 'title.disclosureItem'],
  ['/disclosure/agencies/:department/guide', DisclosureGuide, 'title.disclosureGuide'],
  ['/disclosure/work', DisclosureWork, 'title.disclosureWork'],
  ['/me/disclosure-requests', MyRequests, 'title.myDisclosureRequests'],
  ['/disclosure/requests/work', RequestWork, 'title.disclosureRequestWork'],
  ['/disclosure/reports', DisclosureReport, 'title.disclosureReport'],
];

/**
 * Navigation: public entries for everyone, then one group per role (申请人 / 窗口 / 审批 / 监察 / 目录管理)
 * shown only to users holding that role. Routes of role screens are declared in app.tsx with the same roles.
 */
import type { Role } from './auth/roles.js';
import type { MessageKey } from './i18n/messages.js';

export interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
}

export interface NavGroup {
  readonly key: string;
  readonly label: MessageKey;
  readonly roles: readonly Role[];
  readonly items: readonly NavItem[];
}

export const PUBLIC_NAV: readonly NavItem[] = [
  { path: '/', label: 'nav.home' },
  { path: '/search', label: 'nav.search' },
  { path: '/progress', label: 'nav.progress' },
  { path: '/verify', label: 'nav.verify' },
  { path: '/decisions', label: 'nav.decisions' },
  { path: '/disclosure', label: 'nav.disclosure' },
  { path: '/enquiries', label: 'nav.enquiries' },
];

export const ROLE_NAV: readonly NavGroup[] = [
  {
    key: 'applicant',
    label: 'nav.group.applicant',
    roles: ['applicant'],
    items: [
      { path: '/me/applications', label: 'nav.myApplications' },
      { path: '/me/licences', label: 'nav.myLicences' },
      { path: '/me/disclosure-requests', label: 'nav.myDisclosureRequests' },
      { path: '/me/enquiries', label: 'nav.myEnquiries' },
      { path: '/me/appointments', label: 'nav.myAppointments' },
    ],
  },
  {
    key: 'clerk',
    label: 'nav.group.clerk',
    roles: ['clerk'],
    items: [
      { path: '/desk', label: 'nav.desk' },
      { path: '/enquiries/work', label: 'nav.enquiryWork' },
    ],
  },
  {
    key: 'approver',
    label: 'nav.group.approver',
    roles: ['approver'],
    items: [
      { path: '/approval', label: 'nav.approval' },
      { path: '/approval/licences', label: 'licAdmin.title' },
      { path: '/disclosure/work', label: 'nav.disclosureWork' },
      { path: '/disclosure/requests/work', label: 'nav.disclosureRequestWork' },
      { path: '/disclosure/reports', label: 'nav.disclosureReport' },
      { path: '/enquiries/work', label: 'nav.enquiryWork' },
    ],
  },
  {
    key: 'government-head',
    label: 'nav.group.government',
    roles: ['government-head'],
    items: [{ path: '/government/joint-cases', label: 'nav.jointCases' }],
  },
  // 监察 · 目录管理 (supervisor-dashboard.tsx, supervision/*.tsx, catalog-admin/*.tsx)
  {
    key: 'supervisor',
    label: 'nav.group.supervisor',
    roles: ['supervisor'],
    items: [
      { path: '/supervision', label: 'nav.supervision' },
      { path: '/supervision/alerts', label: 'sup.alerts' },
      { path: '/supervision/risk', label: 'sup.risk' },
      { path: '/supervision/rectifications', label: 'rect.title' },
      { path: '/supervision/calendar', label: 'sup.calendar' },
      { path: '/enquiries/stats', label: 'nav.enquiryStats' },
    ],
  },
  {
    key: 'catalog-admin',
    label: 'nav.group.catalogAdmin',
    roles: ['catalog-admin'],
    items: [
      { path: '/catalog-admin', label: 'nav.catalogAdmin' },
      { path: '/catalog-admin/import', label: 'cat.importExport' },
    ],
  },
];

export function navGroupsFor(roles: readonly Role[]): NavGroup[] {
  return ROLE_NAV.filter((g) => g.roles.some((r) => roles.includes(r)));
}

/** The nav entry a path belongs to (longest matching prefix), for the selected menu item. */
export function selectedNavPath(pathname: string, roles: readonly Role[]): string | undefined {
  const all = [...PUBLIC_NAV, ...navGroupsFor(roles).flatMap((g) => g.items)];
  if (pathname.startsWith('/items/')) return '/search';
  return all
    .filter((i) =>
      i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

import { RouterProvider, createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import { AuthProvider, CALLBACK_PATH, type ManagerSource } from './auth/auth.js';
import { ROLES, type Role } from './auth/roles.js';
import { I18nProvider } from './i18n/i18n.js';
import type { MessageKey } from './i18n/messages.js';
import { AppLayout } from './layout/app-layout.js';
import type { RouteHandle } from './layout/document-title.js';
import { lazyPage, type LazyPage } from './layout/lazy-page.js';
import { withTrails } from './layout/route-trail.js';
import { Themed } from './layout/theme.js';
import { ADMIN_ROUTES } from './pages/admin-routes.js';
import { DISCLOSURE_ROUTES } from './pages/disclosure/disclosure-routes.js';
import { ENQUIRY_ROUTES } from './pages/enquiries/enquiry-routes.js';
import { APPOINTMENT_ROUTES } from './pages/appointments/appointment-routes.js';

// Every page is its own chunk (layout/lazy-page.tsx): a first visit loads the frame and the page it opens.
const HomePage = lazyPage(
  () => import('./pages/home-page.js'),
  (m) => m.HomePage,
);
const SearchPage = lazyPage(
  () => import('./pages/search-page.js'),
  (m) => m.SearchPage,
);
const GuidePage = lazyPage(
  () => import('./pages/guide-page.js'),
  (m) => m.GuidePage,
);
const ProgressPage = lazyPage(
  () => import('./pages/progress-page.js'),
  (m) => m.ProgressPage,
);
const VerifyPage = lazyPage(
  () => import('./pages/verify-page.js'),
  (m) => m.VerifyPage,
);
const CallbackPage = lazyPage(
  () => import('./auth/callback-page.js'),
  (m) => m.CallbackPage,
);
const DecisionsPage = lazyPage(
  () => import('./pages/decisions-page.js'),
  (m) => m.DecisionsPage,
);
const NotificationsPage = lazyPage(
  () => import('./pages/notifications-page.js'),
  (m) => m.NotificationsPage,
  ROLES,
);
const NotFoundPage = lazyPage(
  () => import('./pages/not-found-page.js'),
  (m) => m.NotFoundPage,
);
// 申请人
const APPLICANT: readonly Role[] = ['applicant'];
const MyApplicationsPage = lazyPage(
  () => import('./pages/applicant/my-applications-page.js'),
  (m) => m.MyApplicationsPage,
  APPLICANT,
);
const MyApplicationPage = lazyPage(
  () => import('./pages/applicant/my-application-page.js'),
  (m) => m.MyApplicationPage,
  APPLICANT,
);
const WalletPage = lazyPage(
  () => import('./pages/applicant/wallet-page.js'),
  (m) => m.WalletPage,
  APPLICANT,
);
const ApplyPage = lazyPage(
  () => import('./pages/apply-page.js'),
  (m) => m.ApplyPage,
  APPLICANT,
);
// 窗口
const CLERK: readonly Role[] = ['clerk'];
const DeskQueuePage = lazyPage(
  () => import('./pages/desk/queue-page.js'),
  (m) => m.DeskQueuePage,
  CLERK,
);
const AgentApplyPage = lazyPage(
  () => import('./pages/agent-apply-page.js'),
  (m) => m.AgentApplyPage,
  CLERK,
);
const DeskApplicationPage = lazyPage(
  () => import('./pages/desk/application-page.js'),
  (m) => m.DeskApplicationPage,
  CLERK,
);
// 审批
const APPROVER: readonly Role[] = ['approver'];
const ApprovalQueuePage = lazyPage(
  () => import('./pages/approval/queue-page.js'),
  (m) => m.ApprovalQueuePage,
  APPROVER,
);
const ApprovalCasePage = lazyPage(
  () => import('./pages/approval/case-page.js'),
  (m) => m.ApprovalCasePage,
  APPROVER,
);
const DepartmentLicencesPage = lazyPage(
  () => import('./pages/licence-admin-page.js'),
  (m) => m.DepartmentLicencesPage,
  APPROVER,
);
const JointCasesPage = lazyPage(
  () => import('./pages/approval/joint-cases-page.js'),
  (m) => m.JointCasesPage,
  ['government-head'],
);

const preloads = new Map<string, () => void>();

/** A route with its document title (layout/document-title.ts). */
const route = (path: string, Page: LazyPage, title?: MessageKey): RouteObject => {
  preloads.set(path, Page.preload);
  return { path, element: <Page />, ...(title && { handle: { title } satisfies RouteHandle }) };
};

const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: withTrails([
      route('/', HomePage),
      route('/search', SearchPage, 'title.search'),
      route('/items/:code', GuidePage, 'title.guide'),
      route('/progress', ProgressPage, 'title.progress'),
      route('/verify', VerifyPage, 'title.verify'),
      route('/decisions', DecisionsPage, 'title.decisions'),
      // 通知中心: every signed-in user
      route('/me/notifications', NotificationsPage, 'title.notifications'),
      route(CALLBACK_PATH, CallbackPage, 'title.login'),
      route('/me/applications', MyApplicationsPage, 'title.myApplications'),
      route('/me/applications/:no', MyApplicationPage, 'title.myApplication'),
      route('/me/licences', WalletPage, 'title.wallet'),
      route('/apply/:code', ApplyPage, 'title.apply'),
      route('/desk', DeskQueuePage, 'title.desk'),
      route('/desk/apply', AgentApplyPage, 'title.deskApply'),
      route('/desk/:no', DeskApplicationPage, 'title.deskApplication'),
      route('/approval', ApprovalQueuePage, 'title.approval'),
      route('/approval/cases/:no', ApprovalCasePage, 'title.approvalCase'),
      route('/approval/licences', DepartmentLicencesPage, 'title.licences'),
      route('/government/joint-cases', JointCasesPage, 'title.jointCases'),
      // 监察 · 目录管理 (supervisor-dashboard.tsx, supervision/*.tsx, catalog-admin/*.tsx)
      ...ADMIN_ROUTES.map(([path, Page, title]) => route(path, Page, title)),
      // 政务公开 (pages/disclosure)
      ...DISCLOSURE_ROUTES.map(([path, Page, title]) => route(path, Page, title)),
      // 在线咨询与投诉 (pages/enquiries)
      ...ENQUIRY_ROUTES.map(([path, Page, title]) => route(path, Page, title)),
      // 预约办理 (pages/appointments)
      ...APPOINTMENT_ROUTES.map(([path, Page, title]) => route(path, Page, title)),
      route('*', NotFoundPage, 'title.notFound'),
    ]),
  },
];

// The opened page's chunk starts loading with the frame, not after the frame's first render.
for (const m of matchRoutes(routes, window.location) ?? []) if (m.route.path) preloads.get(m.route.path)?.();

const router = createBrowserRouter(routes);

export function App({ manager }: { manager: ManagerSource }) {
  return (
    <I18nProvider>
      <Themed>
        <AuthProvider manager={manager}>
          <RouterProvider router={router} />
        </AuthProvider>
      </Themed>
    </I18nProvider>
  );
}

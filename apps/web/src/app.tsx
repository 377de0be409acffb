import { DepartmentLicencesPage } from './pages/licence-admin-page.js';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { UserManager } from 'oidc-client-ts';
import type { ReactNode } from 'react';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { AuthProvider, CALLBACK_PATH } from './auth/auth.js';
import { CallbackPage } from './auth/callback-page.js';
import { RequireRole } from './auth/require-role.js';
import type { Role } from './auth/roles.js';
import { I18nProvider, useI18n } from './i18n/i18n.js';
import { AppLayout } from './layout/app-layout.js';
import { MyApplicationPage } from './pages/applicant/my-application-page.js';
import { MyApplicationsPage } from './pages/applicant/my-applications-page.js';
import { WalletPage } from './pages/applicant/wallet-page.js';
import { AgentApplyPage } from './pages/agent-apply-page.js';
import { ApplyPage } from './pages/apply-page.js';
import { ApprovalCasePage } from './pages/approval/case-page.js';
import { ApprovalQueuePage } from './pages/approval/queue-page.js';
import { JointCasesPage } from './pages/approval/joint-cases-page.js';
import { DeskApplicationPage } from './pages/desk/application-page.js';
import { DeskQueuePage } from './pages/desk/queue-page.js';
import { GuidePage } from './pages/guide-page.js';
import { HomePage } from './pages/home-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ProgressPage } from './pages/progress-page.js';
import { SearchPage } from './pages/search-page.js';
import { VerifyPage } from './pages/verify-page.js';
import { DecisionsPage } from './pages/decisions-page.js';
import { NotificationsPage } from './pages/notifications-page.js';
import { ROLES } from './auth/roles.js';
import { ADMIN_ROUTES } from './pages/admin-routes.js';

const role = (roles: readonly Role[], element: ReactNode) => (
  <RequireRole roles={roles}>{element}</RequireRole>
);

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '/items/:code', element: <GuidePage /> },
      { path: '/progress', element: <ProgressPage /> },
      { path: '/verify', element: <VerifyPage /> },
      { path: '/decisions', element: <DecisionsPage /> },
      // 通知中心: every signed-in user
      { path: '/me/notifications', element: role(ROLES, <NotificationsPage />) },
      { path: CALLBACK_PATH, element: <CallbackPage /> },
      // 申请人
      { path: '/me/applications', element: role(['applicant'], <MyApplicationsPage />) },
      { path: '/me/applications/:no', element: role(['applicant'], <MyApplicationPage />) },
      { path: '/me/licences', element: role(['applicant'], <WalletPage />) },
      { path: '/apply/:code', element: role(['applicant'], <ApplyPage />) },
      // 窗口
      { path: '/desk', element: role(['clerk'], <DeskQueuePage />) },
      { path: '/desk/apply', element: role(['clerk'], <AgentApplyPage />) },
      { path: '/desk/:no', element: role(['clerk'], <DeskApplicationPage />) },
      // 审批
      { path: '/approval', element: role(['approver'], <ApprovalQueuePage />) },
      { path: '/approval/cases/:no', element: role(['approver'], <ApprovalCasePage />) },
      { path: '/approval/licences', element: role(['approver'], <DepartmentLicencesPage />) },
      { path: '/government/joint-cases', element: role(['government-head'], <JointCasesPage />) },
      // 监察 · 目录管理 (supervisor-dashboard.tsx, supervision/*.tsx, catalog-admin/*.tsx; loaded on demand with ECharts)
      ...ADMIN_ROUTES,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'en-US' ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1d4ed8',
          borderRadius: 6,
          fontFamily:
            '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", system-ui, sans-serif',
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App({ manager }: { manager: UserManager }) {
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

/**
 * Component harness of the browser component tests (tests/web/components.e2e-spec.ts): mounts ONE screen, named by
 * `?c=`, inside the providers of the app (antd zh_CN, AntApp, I18nProvider, AuthProvider with a stored signed-in
 * user) and a memory router. The screen's data comes from `window.__HARNESS__` (set by the test before the page
 * loads) or, for routed pages, from the API the test stubs. Never part of the app's build (apps/web/index.html).
 */
import { App as AntApp, Button, ConfigProvider, Tag } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { User, type UserManager } from 'oidc-client-ts';
import { StrictMode, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import type { Application } from '../../src/api/intake.api.js';
import type { CaseView, TaskView } from '../../src/api/approval.api.js';
import { AuthProvider, createUserManager } from '../../src/auth/auth.js';
import { I18nProvider } from '../../src/i18n/i18n.js';
import { ApplyPage } from '../../src/pages/apply-page.js';
import { DecidePanel } from '../../src/pages/approval/decide-panel.js';
import { ApprovalQueuePage } from '../../src/pages/approval/queue-page.js';
import { DeskActions } from '../../src/pages/desk/desk-actions.js';
import { SynonymsPage } from '../../src/pages/catalog-admin/synonyms-page.js';
import { SearchPage } from '../../src/pages/search-page.js';
import { TaskPanel } from '../../src/pages/approval/task-panel.js';
import { AppLayout } from '../../src/layout/app-layout.js';
import { withTrails } from '../../src/layout/route-trail.js';
import { BUTTON_CONFIG, Themed } from '../../src/layout/theme.js';
import { usePrefersReducedMotion } from '../../src/components/use-reduced-motion.js';
import { NotificationsPage } from '../../src/pages/notifications-page.js';
import { DecisionsPage } from '../../src/pages/decisions-page.js';
import { WalletPage } from '../../src/pages/applicant/wallet-page.js';
import { MyApplicationsPage } from '../../src/pages/applicant/my-applications-page.js';
import { DisclosureReportPage } from '../../src/pages/disclosure/disclosure-report-page.js';
import '../../src/styles.css';

// client type: what a test hands the harness before the page loads
interface HarnessInput {
  /** realm roles of the signed-in user */
  roles?: string[];
  application?: Application;
  case?: CaseView;
  task?: TaskView;
  code?: string;
  /** the route the memory router starts at (search-page: `/search?q=…`) */
  path?: string;
}

declare global {
  interface Window {
    __HARNESS__?: HarnessInput;
  }
}

const input: HarnessInput = window.__HARNESS__ ?? {};

/** What the screen reported through onDone / navigation (the test reads `[data-testid=harness-done]`). */
function Done({ what }: { what: string }) {
  return <p data-testid="harness-done">{what}</p>;
}

/** A screen with an `onDone`: says so once it is called. */
function WithDone({ render }: { render: (onDone: () => void) => ReactNode }) {
  const [done, setDone] = useState(false);
  return (
    <>
      {render(() => setDone(true))}
      {done && <Done what="onDone" />}
    </>
  );
}

/** Body text, a tag and a button, as a guide shows them (the 适老化 test measures them). */
function GuideProbe() {
  return (
    <div className="page">
      <p data-testid="probe-text">办事指南正文</p>
      <Tag data-testid="probe-tag">必要</Tag>
      <Button data-testid="probe-button">在线办理</Button>
    </div>
  );
}

function routesOf(name: string): RouteObject[] {
  switch (name) {
    case 'apply-page':
      return [
        { path: '/apply/:code', element: <ApplyPage /> },
        { path: '/me/applications/:no', element: <Done what="navigated" /> },
      ];
    case 'desk-actions':
      return input.application
        ? [
            {
              path: '*',
              element: (
                <WithDone
                  render={(onDone) =>
                    input.application && <DeskActions app={input.application} onDone={onDone} />
                  }
                />
              ),
            },
          ]
        : [];
    case 'decide-panel':
      return input.case
        ? [
            {
              path: '*',
              element: (
                <WithDone render={(onDone) => input.case && <DecidePanel c={input.case} onDone={onDone} />} />
              ),
            },
          ]
        : [];
    case 'approval-queue':
      return [
        { path: '/approval', element: <ApprovalQueuePage /> },
        { path: '/approval/cases/:no', element: <Done what="navigated" /> },
      ];
    case 'search-page':
      return [{ path: '/search', element: <SearchPage /> }];
    case 'synonyms-page':
      return [
        { path: '/', element: <SynonymsPage /> },
        { path: '/search', element: <Done what="searched" /> },
      ];
    case 'task-panel':
      return input.task
        ? [
            {
              path: '*',
              element: (
                <WithDone
                  render={(onDone) =>
                    input.task && <TaskPanel task={input.task} materials={[]} onDone={onDone} />
                  }
                />
              ),
            },
          ]
        : [];
    case 'wallet':
      return [{ path: '/me/licences', element: <WalletPage /> }];
    case 'decisions':
      return [{ path: '*', element: <DecisionsPage /> }];
    case 'my-applications':
      return [{ path: '*', element: <MyApplicationsPage /> }];
    case 'disclosure-report':
      return [{ path: '*', element: <DisclosureReportPage /> }];
    case 'notifications':
      // The page inside the app's frame, so the header's bell is there too.
      return [
        {
          element: <AppLayout />,
          children: [
            { path: '/me/notifications', element: <NotificationsPage /> },
            { path: '/me/applications/:no', element: <Done what="navigated" /> },
            { path: '*', element: <Done what="elsewhere" /> },
          ],
        },
      ];
    case 'frame':
      // The app's frame in the app's theme (长辈版 switch, breadcrumbs) over a few routes of the app's table.
      return [
        {
          element: (
            <Themed>
              <AppLayout />
            </Themed>
          ),
          children: withTrails([
            { path: '/search', element: <Done what="search" />, handle: { title: 'title.search' } },
            { path: '/items/:code', element: <GuideProbe />, handle: { title: 'title.guide' } },
            { path: '/apply/:code', element: <Done what="apply" />, handle: { title: 'title.apply' } },
            {
              path: '/me/applications',
              element: <Done what="mine" />,
              handle: { title: 'title.myApplications' },
            },
            {
              path: '/me/applications/:no',
              element: <Done what="detail" />,
              handle: { title: 'title.myApplication' },
            },
          ]),
        },
      ];
    default:
      return [];
  }
}

/** base64url of a JSON object (an unsigned token the UI only reads). */
const b64 = (o: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

async function signedIn(): Promise<UserManager> {
  const manager = await createUserManager({
    authority: `${location.origin}/realms/hall`,
    clientId: 'hall-web',
  });
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const claims = {
    sub: 'u-harness',
    name: '测试用户',
    preferred_username: 'harness',
    realm_access: { roles: input.roles ?? [] },
    exp: expiresAt,
  };
  await manager.storeUser(
    new User({
      access_token: `${b64({ alg: 'none' })}.${b64(claims)}.x`,
      token_type: 'Bearer',
      profile: { ...claims, iss: `${location.origin}/realms/hall`, aud: 'hall-web', iat: expiresAt - 3600 },
      expires_at: expiresAt,
    }),
  );
  return manager;
}

function Providers({ manager, children }: { manager: UserManager; children: ReactNode }) {
  // Motion follows the system's 减少动态效果 as in the app (theme.tsx): the specs ask for reduced motion, so a dialog
  // is where it ends up at once instead of zooming in under the pointer.
  const reducedMotion = usePrefersReducedMotion();
  return (
    <I18nProvider>
      <ConfigProvider locale={zhCN} button={BUTTON_CONFIG} theme={{ token: { motion: !reducedMotion } }}>
        <AntApp>
          <AuthProvider manager={manager}>{children}</AuthProvider>
        </AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}

const name = new URLSearchParams(location.search).get('c') ?? '';
const routes = routesOf(name);
const root = document.getElementById('root');
if (root) {
  const manager = await signedIn();
  const router = createMemoryRouter(routes, {
    initialEntries: [
      name === 'apply-page'
        ? `/apply/${encodeURIComponent(input.code ?? '')}`
        : name === 'approval-queue'
          ? '/approval'
          : name === 'notifications'
            ? '/me/notifications'
            : name === 'wallet'
              ? (input.path ?? '/me/licences')
              : (input.path ?? '/'),
    ],
  });
  createRoot(root).render(
    <StrictMode>
      <Providers manager={manager}>
        {routes.length > 0 ? <RouterProvider router={router} /> : <p>unknown component: {name}</p>}
      </Providers>
    </StrictMode>,
  );
}

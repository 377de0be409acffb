import { Button, Grid, Layout, Menu, Space, Tag, type MenuProps } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth.js';
import { NotificationBell } from '../components/notification-bell.js';
import { useI18n } from '../i18n/i18n.js';
import { PUBLIC_NAV, navGroupsFor, selectedNavPath } from '../navigation.js';
import { Breadcrumbs } from './breadcrumbs.js';
import { useDocumentTitle } from './document-title.js';
import { AntAppWhenLoaded } from './lazy-ant-app.js';
import { PageLoading } from './lazy-page.js';
import { useElderMode, useHighContrast } from './theme.js';

// The phone menu's drawer: loaded when first opened (a desktop visit never needs it).
const Drawer = lazy(() => import('antd/es/drawer/index.js'));

function useMenuItems(): MenuProps['items'] {
  const { t } = useI18n();
  const { user } = useAuth();
  return [
    ...PUBLIC_NAV.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.label)}</Link> })),
    ...navGroupsFor(user?.roles ?? []).map((g) => ({
      key: `group:${g.key}`,
      label: t(g.label),
      children: g.items.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.label)}</Link> })),
    })),
  ];
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type="text"
      aria-label={`${t('lang.switch')}（${t('lang.switchLabel')}）`}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {t('lang.switch')}
    </Button>
  );
}

/** 长辈版 / 标准版 (适老化): larger text and targets, higher contrast; kept for the next visit (layout/theme.tsx). */
function ElderSwitch() {
  const { t } = useI18n();
  const { elder, setElder } = useElderMode();
  return (
    <Button
      type="text"
      aria-pressed={elder}
      title={t('elder.label')}
      data-testid="elder-switch"
      onClick={() => setElder(!elder)}
    >
      {t(elder ? 'elder.toStandard' : 'elder.toElder')}
    </Button>
  );
}

/** 高对比度 (适老化, beside 长辈版): black on white, focus outlines, underlined links; kept for the next visit. */
function ContrastSwitch() {
  const { t } = useI18n();
  const { contrast, setContrast } = useHighContrast();
  return (
    <Button
      type="text"
      aria-pressed={contrast}
      title={t('contrast.label')}
      data-testid="contrast-switch"
      onClick={() => setContrast(!contrast)}
    >
      {t('contrast.switch')}
    </Button>
  );
}

function UserArea({ vertical = false }: { vertical?: boolean }) {
  const { t } = useI18n();
  const { ready, user, login, logout } = useAuth();
  if (!ready) return null;
  if (!user) {
    return (
      <Button type="primary" onClick={() => void login()}>
        {t('auth.login')}
      </Button>
    );
  }
  return (
    <Space
      direction={vertical ? 'vertical' : 'horizontal'}
      size="small"
      wrap
      className="user-area"
      data-testid="user-area"
    >
      {!vertical && <NotificationBell />}
      <span className="user-name">{user.name}</span>
      <span aria-label={t('auth.roles')}>
        {user.roles.map((r) => (
          <Tag key={r} color="blue">
            {t(`role.${r}` as const)}
          </Tag>
        ))}
      </span>
      <Button onClick={() => void logout()}>{t('auth.logout')}</Button>
    </Space>
  );
}

/** Page frame: header (brand, navigation by role, language, user), main content (the page, loaded on demand), footer; sets the document title. */
export function AppLayout() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [drawerUsed, setDrawerUsed] = useState(false);
  const items = useMenuItems();
  const selected = selectedNavPath(pathname, user?.roles ?? []);
  const mobile = !screens.lg;
  useDocumentTitle();

  return (
    <Layout className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="brand" title={t('app.title')}>
          <span className="brand-mark" aria-hidden="true">
            政
          </span>
          <span className="brand-text">{mobile ? t('app.brand') : t('app.title')}</span>
        </Link>
        {mobile ? (
          <div className="header-actions">
            {user && <NotificationBell />}
            {user && <span className="user-name user-name-compact">{user.name}</span>}
            <Button
              aria-label={t('nav.menu')}
              aria-expanded={drawerOpen}
              onClick={() => {
                setDrawerUsed(true);
                setDrawerOpen(true);
              }}
            >
              {t('nav.menu')}
            </Button>
          </div>
        ) : (
          <>
            <nav aria-label={t('nav.main')} className="header-nav">
              <Menu
                mode="horizontal"
                items={items}
                selectedKeys={selected ? [selected] : []}
                disabledOverflow
              />
            </nav>
            <div className="header-actions">
              <ElderSwitch />
              <ContrastSwitch />
              <LanguageSwitch />
              <UserArea />
            </div>
          </>
        )}
      </Layout.Header>
      {mobile && drawerUsed && (
        <Suspense fallback={null}>
          <Drawer
            title={t('app.title')}
            placement="right"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
          >
            <nav aria-label={t('nav.main')}>
              <Menu
                mode="inline"
                items={items}
                selectedKeys={selected ? [selected] : []}
                defaultOpenKeys={navGroupsFor(user?.roles ?? []).map((g) => `group:${g.key}`)}
                onClick={() => setDrawerOpen(false)}
              />
            </nav>
            <div className="drawer-footer">
              <UserArea vertical />
              <ElderSwitch />
              <ContrastSwitch />
              <LanguageSwitch />
            </div>
          </Drawer>
        </Suspense>
      )}
      <Layout.Content id="main" className="app-main" tabIndex={-1}>
        <AntAppWhenLoaded>
          {pathname !== '/' && <Breadcrumbs />}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </AntAppWhenLoaded>
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <span className="muted">{t('app.footer')}</span>
      </Layout.Footer>
    </Layout>
  );
}

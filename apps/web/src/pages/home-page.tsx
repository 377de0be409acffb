import { Col, Row, Space } from 'antd';
// The search box alone: antd's Input index brings Password, OTP and TextArea along (issue 23 #7).
import Search from 'antd/es/input/Search.js';
import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { DEPARTMENTS, THEMES } from '../api/catalog-codes.js';
import { catalogApi } from '../api/catalog.api.js';
import { useAuth } from '../auth/auth.js';
import { PlainTabs } from '../components/plain-tabs.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';

/** Home: search box, 个人办事 / 法人办事 by life event, departments, convenience services. */
export function HomePage() {
  const { t, locale } = useI18n();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const searchId = useId();
  // 热门搜索: the catalog's list (each keyword finds something); nothing is shown until it is there.
  const [hot] = useAsync((signal) => catalogApi.hotSearches(signal), []);
  const label = (c: { zh: string; en: string }) => (locale === 'en-US' ? c.en : c.zh);
  const search = (q: string) =>
    void navigate(q.trim() ? `/search?q=${encodeURIComponent(q.trim())}` : '/search');

  const themeGrid = (audience: '1' | '2') => (
    <div className="chip-grid">
      {THEMES.filter((th) => th.audience === audience).map((th) => (
        <Link
          key={th.code}
          className="chip"
          to={`/search?audience=${audience}&theme=${encodeURIComponent(th.code)}`}
        >
          {label(th)}
        </Link>
      ))}
    </div>
  );

  return (
    <div className="page">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title" className="hero-title">
          {t('app.title')}
        </h1>
        <p className="hero-slogan">{t('app.slogan')}</p>
        <form role="search" className="hero-search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={searchId} className="sr-only">
            {t('home.searchLabel')}
          </label>
          <Search
            id={searchId}
            size="large"
            placeholder={t('home.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={search}
            allowClear
          />
        </form>
        {hot.status === 'ok' && hot.data.length > 0 && (
          <p className="hero-hot">
            <span>{t('home.hot')}：</span>
            {hot.data.map((q) => (
              <Link key={q} to={`/search?q=${encodeURIComponent(q)}`}>
                {q}
              </Link>
            ))}
          </p>
        )}
      </section>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <section className="plain-card">
            <h2 className="card-title plain-card-title">{t('home.themes')}</h2>
            <PlainTabs
              items={[
                { key: 'personal', label: t('home.personal'), children: themeGrid('1') },
                { key: 'business', label: t('home.business'), children: themeGrid('2') },
              ]}
            />
          </section>
        </Col>
        <Col xs={24} lg={8}>
          <section className="plain-card">
            <h2 className="card-title plain-card-title">{t('home.services')}</h2>
            <Space direction="vertical" size="middle" className="full-width">
              <Link to="/progress" className="service-link">
                <strong>{t('nav.progress')}</strong>
                <span>{t('home.progressDesc')}</span>
              </Link>
              <Link to="/verify" className="service-link">
                <strong>{t('nav.verify')}</strong>
                <span>{t('home.verifyDesc')}</span>
              </Link>
              <Link to="/enquiries/ask" className="service-link">
                <strong>{t('nav.enquiries')}</strong>
                <span>{t('home.enquiryDesc')}</span>
              </Link>
              {!user && (
                <button type="button" className="service-link as-button" onClick={() => void login()}>
                  <strong>{t('auth.login')}</strong>
                  <span>{t('home.loginDesc')}</span>
                </button>
              )}
            </Space>
          </section>
        </Col>
        <Col xs={24}>
          <section className="plain-card">
            <h2 className="card-title plain-card-title">{t('home.departments')}</h2>
            <div className="chip-grid">
              {DEPARTMENTS.filter((d) => d.code !== 'service-center').map((d) => (
                <Link key={d.code} className="chip" to={`/search?dept=${d.code}`}>
                  {label(d)}
                </Link>
              ))}
            </div>
          </section>
        </Col>
      </Row>
    </div>
  );
}

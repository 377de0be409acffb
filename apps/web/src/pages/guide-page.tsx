import { Button, Collapse, Descriptions, Empty, Space, Steps, Tag } from 'antd';
import { Suspense, lazy } from 'react';
import { useNavigate } from 'react-router';
import { catalogApi } from '../api/catalog.api.js';
import type { Guide, GuideMaterialRow, GuideSection } from '../api/catalog.types.js';
import { useAuth } from '../auth/auth.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { CodeRoute } from '../components/url-schema.js';
import { useParamsSchema } from '../components/use-url-params.js';
import { PageLoading } from '../layout/lazy-page.js';
import { ServicePointsSection } from './service-points-section.js';

// The error states (antd Result and Alert) load only when the guide does not.
const GuideLoadError = lazy(async () => ({ default: (await import('./guide-error.js')).GuideLoadError }));

/** Only http(s) links and paths of this site become links. */
function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return /^(https?:\/\/|\/(?!\/))/.test(href) ? href : undefined;
}

/**
 * 办事指南: every section of the published guide, blank forms, PDF and printable versions. A public page opened
 * straight from search engines and shared links on phones: sections, lists and the fee table are plain markup
 * (styles.css), not antd's Card, List and Table, which would bring tabs, pagination and select into its first load.
 */
export function GuidePage() {
  const { code } = useParamsSchema(CodeRoute);
  const [state, reload] = useAsync((signal) => catalogApi.guide(code, signal), [code]);

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error') {
    return (
      <Suspense fallback={<PageLoading />}>
        <GuideLoadError error={state.error} onRetry={reload} />
      </Suspense>
    );
  }
  return <GuideView guide={state.data} />;
}

/** 咨询此事项: the ask form with the item and its region (by name: the guide has no region code) filled in. */
function askPath(guide: Guide): string {
  const q = new URLSearchParams({
    item: guide.implementationCode,
    itemName: guide.name,
    regionName: guide.regionName,
  });
  return `/enquiries/ask?${q.toString()}`;
}

function GuideView({ guide }: { guide: Guide }) {
  const { t } = useI18n();
  const { user, hasRole, login } = useAuth();
  const navigate = useNavigate();
  const code = guide.implementationCode;
  const applyPath = `/apply/${encodeURIComponent(code)}`;
  // 在线办理 on every online item: an applicant goes straight to the wizard; a visitor signs in and comes back to it.
  const canApply = guide.online && (user === null || hasRole('applicant'));
  return (
    <article className="page guide" aria-labelledby="guide-title">
      <section className="plain-card guide-head">
        <h1 id="guide-title" className="page-title">
          {guide.name}
        </h1>
        <p className="guide-meta">
          {t('guide.meta', {
            region: guide.regionName,
            body: guide.implementingBody,
            version: guide.versionLabel,
            date: guide.publishedDate,
          })}
        </p>
        <Space wrap>
          {canApply && (
            <Button
              type="primary"
              size="large"
              onClick={() => (user ? void navigate(applyPath) : void login(applyPath))}
            >
              {t('guide.apply')}
            </Button>
          )}
          {guide.online && user !== null && !hasRole('applicant') && (
            <span className="muted">{t('guide.applyAsApplicant')}</span>
          )}
          <Button
            type={canApply ? 'default' : 'primary'}
            href={catalogApi.guidePdfHref(code)}
            target="_blank"
            rel="noopener"
          >
            {t('guide.pdf')}
          </Button>
          <Button href={catalogApi.guideHtmlHref(code)} target="_blank" rel="noopener">
            {t('guide.print')}
          </Button>
          <Button onClick={() => void navigate(askPath(guide))}>{t('enq.askFromGuide')}</Button>
        </Space>
        <nav aria-label={t('guide.contents')} className="guide-toc">
          {guide.sections.map((s) => (
            <a key={s.id} href={`#section-${s.id}`}>
              {s.title}
            </a>
          ))}
        </nav>
      </section>
      {guide.sections.map((s) => (
        <section
          key={s.id}
          id={`section-${s.id}`}
          className="plain-card guide-section"
          aria-labelledby={`section-title-${s.id}`}
        >
          <h2 className="card-title plain-card-title" id={`section-title-${s.id}`}>
            {s.title}
          </h2>
          <div className="plain-card-body">
            <SectionBody section={s} />
          </div>
        </section>
      ))}
      <ServicePointsSection code={code} appointment={guide.appointment} itemName={guide.name} />
    </article>
  );
}

function SectionBody({ section }: { section: GuideSection }) {
  const { t } = useI18n();
  switch (section.kind) {
    case 'fields':
      return (
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          bordered
          size="small"
          items={section.fields.map((f, i) => {
            const href = safeHref(f.href);
            return {
              key: `${i}`,
              label: f.label,
              children: href ? (
                <a href={href} target="_blank" rel="noopener noreferrer" className="break-all">
                  {f.value}
                </a>
              ) : (
                f.value
              ),
            };
          })}
        />
      );
    case 'text':
      return (
        <>
          {section.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </>
      );
    case 'materials':
      return section.rows.length === 0 ? (
        <Empty />
      ) : (
        <ul className="plain-list">
          {section.rows.map((m) => (
            <MaterialItem key={m.id} m={m} />
          ))}
        </ul>
      );
    case 'process':
      return (
        <>
          {section.description.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {section.steps.length > 0 && (
            <>
              <h3 className="sub-title">{t('guide.steps')}</h3>
              <Steps
                direction="vertical"
                size="small"
                current={-1}
                items={section.steps.map((s) => ({
                  title: `${s.name}（${s.limit}）`,
                  description: [s.department, s.note].filter(Boolean).join(' · '),
                  status: 'wait',
                }))}
              />
            </>
          )}
          {section.parallel && (
            <>
              <h3 className="sub-title">
                {t('guide.parallel')}：{section.parallel.kindName}
              </h3>
              <ul className="plain-list plain-list-small">
                {section.parallel.departments.map((d, i) => (
                  <li key={i}>
                    <Tag>{d.role}</Tag> {d.name}（{d.limit}）
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      );
    case 'fees':
      return section.free || section.rows.length === 0 ? (
        <p>{section.summary || t('guide.free')}</p>
      ) : (
        <>
          <p>{section.summary}</p>
          <div className="plain-table-wrap">
            <table className="plain-table">
              <thead>
                <tr>
                  <th scope="col">{t('guide.feeItem')}</th>
                  <th scope="col">{t('guide.feeStandard')}</th>
                  <th scope="col">{t('guide.feeBasis')}</th>
                  <th scope="col">{t('guide.feeWaivable')}</th>
                  <th scope="col">{t('guide.feeReductions')}</th>
                </tr>
              </thead>
              <tbody>
                {section.rows.map((r, i) => (
                  <tr key={i}>
                    <td>{r.item}</td>
                    <td>{r.standard}</td>
                    <td>{r.basis}</td>
                    <td>{r.waivable}</td>
                    <td>{r.reductions || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      );
    case 'results':
      return (
        <>
          <p>{section.resultName}</p>
          <ul className="plain-list plain-list-small">
            {section.rows.map((r) => (
              <li key={r.no}>
                {r.name}
                {r.validity && (
                  <span className="muted">
                    （{t('guide.validity')}：{r.validity}）
                  </span>
                )}
              </li>
            ))}
          </ul>
          {section.sample && safeHref(section.sample.href) && (
            <p>
              <a href={safeHref(section.sample.href)} download={section.sample.name}>
                {section.sample.label}：{section.sample.name}
              </a>
            </p>
          )}
        </>
      );
    case 'intermediaries':
      return section.rows.length === 0 ? (
        <p>{t('guide.noIntermediary')}</p>
      ) : (
        <div className="plain-table-wrap">
          <table className="plain-table">
            <thead>
              <tr>
                <th scope="col">{t('guide.intermediaryName')}</th>
                <th scope="col">{t('guide.intermediaryRequired')}</th>
                <th scope="col">{t('guide.intermediaryBasis')}</th>
                <th scope="col">{t('guide.intermediaryProviders')}</th>
              </tr>
            </thead>
            <tbody>
              {section.rows.map((r) => (
                <tr key={r.no}>
                  <td>{r.name}</td>
                  <td>{r.required}</td>
                  <td>{r.legalBasis}</td>
                  <td>
                    {r.providers.length === 0
                      ? '—'
                      : r.providers.map((p) => (
                          <div key={p.uscc}>
                            {p.name}（{p.uscc}）{p.contact && `：${p.contact}`}
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'faq':
      return section.items.length === 0 ? (
        <Empty />
      ) : (
        <Collapse
          items={section.items.map((f, i) => ({ key: `${i}`, label: f.q, children: <p>{f.a}</p> }))}
        />
      );
  }
}

function MaterialItem({ m }: { m: GuideMaterialRow }) {
  const { t } = useI18n();
  const form = safeHref(m.blankForm?.href);
  const example = safeHref(m.example?.href);
  return (
    <li className="material">
      <div className="material-head">
        <strong>
          {m.no}. {m.name}
        </strong>
        <Space wrap size={[4, 4]}>
          <Tag color={m.required ? 'red' : 'default'}>{m.necessity}</Tag>
          <Tag>{m.category}</Tag>
          <Tag>{m.quantity}</Tag>
        </Space>
      </div>
      <dl className="material-facts">
        <dt>{t('guide.issuingBody')}</dt>
        <dd>{m.issuingBody}</dd>
        {m.acceptanceStandard && (
          <>
            <dt>{t('guide.standard')}</dt>
            <dd>{m.acceptanceStandard}</dd>
          </>
        )}
        {m.exemption && (
          <>
            <dt>{t('guide.exemption')}</dt>
            <dd>{m.exemption}</dd>
          </>
        )}
        {m.promise && (
          <>
            <dt>{t('guide.promise')}</dt>
            <dd>{m.promise}</dd>
          </>
        )}
      </dl>
      {(form || example) && (
        <Space wrap>
          {form && m.blankForm && (
            <a href={form} download={m.blankForm.name}>
              {t('guide.blankForm')}：{m.blankForm.name}
            </a>
          )}
          {example && m.example && (
            <a href={example} download={m.example.name}>
              {t('guide.example')}：{m.example.name}
            </a>
          )}
        </Space>
      )}
    </li>
  );
}

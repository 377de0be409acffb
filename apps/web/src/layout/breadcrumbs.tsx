/**
 * 面包屑 of an inner page (a plain list: the frame loads on every page, antd's Breadcrumb would bring a dropdown): 首页 › the route's ancestors (layout/route-trail.ts) › the page, each ancestor a link
 * with the current URL's params filled in. The home page shows none.
 */
import { Link, generatePath, useMatches, useParams } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import type { RouteHandle } from './document-title.js';

const handleOf = (handle: unknown): RouteHandle | undefined =>
  typeof handle === 'object' && handle !== null && 'title' in handle ? (handle as RouteHandle) : undefined;

/** A path of the trail with the current params; undefined when one of them is missing. */
function filled(path: string, params: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    return generatePath(path, params);
  } catch {
    return undefined;
  }
}

export function Breadcrumbs() {
  const { t } = useI18n();
  const params = useParams();
  const handle = useMatches()
    .map((m) => handleOf(m.handle))
    .filter((h) => h !== undefined)
    .at(-1);
  if (!handle) return null;
  return (
    <nav aria-label={t('crumbs.label')} className="breadcrumbs" data-testid="breadcrumbs">
      <ol>
        <li>
          <Link to="/">{t('nav.home')}</Link>
        </li>
        {(handle.trail ?? []).map((s) => {
          const to = filled(s.path, params);
          return <li key={s.path}>{to ? <Link to={to}>{t(s.title)}</Link> : t(s.title)}</li>;
        })}
        <li aria-current="page">{t(handle.crumb ?? handle.title)}</li>
      </ol>
    </nav>
  );
}

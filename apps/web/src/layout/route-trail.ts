/**
 * Breadcrumb trails from the route table (app.tsx): a route's ancestors are the titled routes whose path is a
 * prefix of its own (`/me/applications` above `/me/applications/:no`), plus the parents named in PARENTS for
 * routes reached from elsewhere (a guide from the search, an application form from its guide). Each route's
 * `handle.trail` lists them; layout/breadcrumbs.tsx fills in the current params.
 */
import type { RouteObject } from 'react-router';
import type { MessageKey } from '../i18n/messages.js';
import { titleOf, type RouteHandle } from './document-title.js';

/** One ancestor in a trail: its route path (params filled from the current URL) and title. */
export type TrailStep = { readonly path: string; readonly title: MessageKey };

/** Routes whose parent is not their path prefix. */
const PARENTS: Readonly<Record<string, string>> = {
  '/items/:code': '/search',
  '/apply/:code': '/items/:code',
  '/approval/cases/:no': '/approval',
};

/** Breadcrumb names of routes whose title repeats their parent's (a guide's title is 办事指南, like the search). */
const CRUMBS: Readonly<Record<string, MessageKey>> = { '/items/:code': 'crumbs.itemGuide' };

function prefixesOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/** The ancestors of `path` in `titles` (route path → title), outermost first. */
export function trailOf(path: string, titles: ReadonlyMap<string, MessageKey>): TrailStep[] {
  const parent = PARENTS[path];
  const own = (p: string): TrailStep[] => {
    const title = CRUMBS[p] ?? titles.get(p);
    return title ? [{ path: p, title }] : [];
  };
  if (parent !== undefined) return [...trailOf(parent, titles), ...own(parent)];
  return prefixesOf(path).flatMap(own);
}

/** The layout's child routes with `handle.trail` set from the table they form. */
export function withTrails(children: RouteObject[]): RouteObject[] {
  const titles = new Map<string, MessageKey>();
  for (const r of children) {
    const title = titleOf(r.handle);
    if (r.path && title) titles.set(r.path, title);
  }
  return children.map((r) => {
    const title = titleOf(r.handle);
    if (!r.path || !title || r.path === '*') return r;
    const crumb = CRUMBS[r.path];
    return {
      ...r,
      handle: { title, ...(crumb && { crumb }), trail: trailOf(r.path, titles) } satisfies RouteHandle,
    };
  });
}

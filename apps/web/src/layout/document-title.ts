/**
 * One document title per route: the deepest matched route's `handle.title` (app.tsx), shown as
 *「<page> · 一网通办」in the current language; the home page (no handle) shows `app.title`. Screen readers announce
 * it on navigation, and it names the tab and the browser history entry.
 */
import { useEffect } from 'react';
import { useMatches } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

/** What app.tsx puts in a route's `handle`: its title, and its breadcrumb ancestors (layout/route-trail.ts). */
export interface RouteHandle {
  readonly title: MessageKey;
  /** The page's name in breadcrumbs when its title would repeat its parent's. */
  readonly crumb?: MessageKey;
  readonly trail?: readonly { readonly path: string; readonly title: MessageKey }[];
}

export const titleOf = (handle: unknown): MessageKey | undefined =>
  typeof handle === 'object' && handle !== null && 'title' in handle
    ? (handle as RouteHandle).title
    : undefined;

export function useDocumentTitle(): void {
  const { t } = useI18n();
  const key = useMatches()
    .map((m) => titleOf(m.handle))
    .filter((k) => k !== undefined)
    .at(-1);
  useEffect(() => {
    document.title = key ? `${t(key)} · ${t('title.suffix')}` : t('app.title');
  }, [key, t]);
}

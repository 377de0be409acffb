import { useState, type DependencyList } from 'react';
import { useAsync, type AsyncState } from './use-async.js';

/** A page of a list as the services answer it. */
export type PageOf<T> = { items: readonly T[]; total: number; pageSize: number };

/** antd's `pagination` prop (List and Table): off while everything fits on one page. */
export type Pagination =
  false | { current: number; pageSize: number; total: number; onChange: (page: number) => void };

export type PagedList<P> = {
  state: AsyncState<P>;
  reload: () => void;
  page: number;
  setPage: (page: number) => void;
  pagination: (data: P) => Pagination;
};

const sameDeps = (a: DependencyList, b: DependencyList) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * A paged list: loads page `page` with `load` whenever the page or `deps` (the filters) change, and goes back to
 * page 1 when a filter changes. `pagination(data)` is the List/Table prop for the loaded page.
 */
export function usePagedList<P extends PageOf<unknown>>(
  load: (page: number, signal: AbortSignal) => Promise<P>,
  deps: DependencyList,
): PagedList<P> {
  const [cursor, setCursor] = useState<{ deps: DependencyList; page: number }>({ deps, page: 1 });
  // A filter changed since the last render: back to page 1 (state adjusted while rendering, no extra effect).
  if (!sameDeps(cursor.deps, deps)) setCursor({ deps, page: 1 });
  const page = sameDeps(cursor.deps, deps) ? cursor.page : 1;
  const [state, reload] = useAsync(
    (signal) => load(page, signal),
    // The caller lists the inputs of `load` in `deps`; ESLint checks each caller's list (additionalHooks).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` is the caller's list, checked at the call site
    [...deps, page],
  );
  const setPage = (next: number) => setCursor({ deps, page: next });
  const pagination = (data: P): Pagination =>
    data.total > data.pageSize
      ? { current: page, pageSize: data.pageSize, total: data.total, onChange: setPage }
      : false;
  return { state, reload, page, setPage, pagination };
}

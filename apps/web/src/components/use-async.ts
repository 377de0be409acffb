import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { isAbort } from '../api/http.js';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** Runs `load` whenever `deps` change (aborting the previous call); `reload` runs it again. */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState({ status: 'loading' });
    load(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ status: 'ok', data }),
      (error: unknown) => !ctrl.signal.aborted && !isAbort(error) && setState({ status: 'error', error }),
    );
    return () => ctrl.abort();
    // The caller lists the inputs of `load` in `deps`; ESLint checks each caller's list (additionalHooks: useAsync).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` is the caller's list, checked at the call site
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}

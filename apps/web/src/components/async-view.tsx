import { Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert.js';
import type { AsyncState } from './use-async.js';

/**
 * What a screen shows for a load: a skeleton while it runs, the error with a retry button when it failed, an
 * `Empty` with `emptyText` when `isEmpty` says so, otherwise `children` with the data.
 */
export function AsyncView<T>({
  state,
  onRetry,
  isEmpty,
  emptyText,
  children,
}: {
  state: AsyncState<T>;
  onRetry?: () => void;
  isEmpty?: (data: T) => boolean;
  emptyText?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Skeleton active />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={onRetry} />;
  if (isEmpty?.(state.data)) return <Empty description={emptyText} />;
  return <>{children(state.data)}</>;
}

/**
 * ErrorAlert (antd Alert and the error texts, ~7 KB) loaded when an error is shown: for the public pages, whose
 * first visit should not carry it (issue 23 #7). Renders nothing while it loads.
 */
import { Suspense, lazy, type ComponentProps } from 'react';

const ErrorAlert = lazy(async () => ({ default: (await import('./error-alert.js')).ErrorAlert }));

export function LazyErrorAlert(props: ComponentProps<typeof ErrorAlert>) {
  return (
    <Suspense fallback={null}>
      <ErrorAlert {...props} />
    </Suspense>
  );
}

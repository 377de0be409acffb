/**
 * antd's App (the context of App.useApp(): message, modal, notification) only for the screens that use it — the
 * signed-in users' pages. The first role-guarded page to load loads it (lazy-page.tsx) and the layout wraps the page
 * area in it from then on; a public visit never downloads it. Its base text styles are in styles.css (#root).
 */
import { useSyncExternalStore, type ComponentType, type ReactNode } from 'react';

type AppComponent = ComponentType<{ children?: ReactNode }>;

let loaded: AppComponent | null = null;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

export function loadAntApp(): Promise<void> {
  loading ??= import('antd/es/app/index.js').then((m) => {
    loaded = m.default;
    for (const l of listeners) l();
  });
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Its children, inside antd's App once that is loaded. */
export function AntAppWhenLoaded({ children }: { children: ReactNode }) {
  const App = useSyncExternalStore(subscribe, () => loaded);
  return App ? <App>{children}</App> : <>{children}</>;
}

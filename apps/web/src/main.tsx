import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createUserManager } from './auth/auth.js';
import { loadRuntimeConfig } from './config/runtime-config.js';
import { initialLocale, loadEnglish } from './i18n/i18n.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  // A stored English choice: its strings come with the runtime config, before the first render (no Chinese flash).
  const [config] = await Promise.all([
    loadRuntimeConfig(),
    initialLocale() === 'en-US' ? loadEnglish().catch(() => undefined) : undefined,
  ]);
  createRoot(root).render(
    <StrictMode>
      <App manager={() => createUserManager(config)} />
    </StrictMode>,
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createUserManager } from './auth/auth.js';
import { loadRuntimeConfig } from './config/runtime-config.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  const config = await loadRuntimeConfig();
  createRoot(root).render(
    <StrictMode>
      <App manager={() => createUserManager(config)} />
    </StrictMode>,
  );
}

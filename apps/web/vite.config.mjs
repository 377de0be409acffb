// Vite configuration of the web app. `scripts/build-web.mjs` builds with it (npm start builds when stale);
// `npx vite apps/web` serves it for development with /api and /realms proxied to a running hall (HALL_URL). Sign-in
// works from here: the app reads the realm's discovery through the proxy, signs in on the hall's origin (the
// issuer), returns to http://localhost:5173/auth/callback (a redirect URI of hall-web in
// deploy/keycloak/realm-hall.json) and exchanges the code cross-origin (the realm allows this origin: CORS).
// Keep the port: the realm names it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const hall = process.env.HALL_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The HTTP contracts (zod schemas + types) shared with the services; the browser-safe entry only.
  resolve: { alias: { '@hall/contracts/api': path.join(root, '../../libs/contracts/src/api.ts') } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': hall, '/realms': hall },
  },
});

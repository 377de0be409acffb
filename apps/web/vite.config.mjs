// Vite configuration of the web app. `scripts/build-web.mjs` builds with it (npm start builds when stale);
// `npx vite apps/web` serves it for development with /api and /realms proxied to a running hall.
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
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: { '/api': hall, '/realms': hall },
  },
});

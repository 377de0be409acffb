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
const src = path.join(root, 'src') + path.sep;

const packageOf = (id) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1];

/**
 * Chunk file names that say what is inside: a page or component chunk after its source path (`guide-page-…`,
 * `catalog-admin-home-page-…`: no two alike), a shared chunk after the package most of its modules come from
 * (`vendor-antd-…`), else after its first module (`shared-…`). Without this a vendor chunk takes the name of whichever
 * app module rolldown put first into it (it was `catalog-codes-*.js`, 1.1 MB).
 */
function chunkFileName(chunk) {
  if (chunk.facadeModuleId?.startsWith(src)) {
    const rel = path
      .relative(src, chunk.facadeModuleId)
      .replace(/\.[jt]sx?$/, '')
      .replace(/^pages[\\/]/, '');
    return `assets/${rel.split(/[\\/]/).join('-')}-[hash].js`;
  }
  if (chunk.name.startsWith('vendor-') || chunk.name === 'messages') return 'assets/[name]-[hash].js';
  const counts = new Map();
  for (const id of chunk.moduleIds) {
    const pkg = packageOf(id) ?? '';
    counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [''];
  if (!top) return 'assets/shared-[name]-[hash].js';
  const pkg = top.replace(/^@/, '').replace(/[\\/]/, '-');
  // rolldown's own name is the first module's file name: keep it when it says more than the package (`table`).
  const named = chunk.moduleIds.some((id) => packageOf(id) && path.parse(id).name === chunk.name);
  const more = named && !['es', 'lib', 'index', 'dist'].includes(chunk.name) ? `-${chunk.name}` : '';
  return `assets/vendor-${pkg}${more}-[hash].js`;
}
const hall = process.env.HALL_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The HTTP contracts (zod schemas + types) shared with the services; the browser-safe entry only.
  resolve: {
    alias: {
      '@hall/contracts/api': path.join(root, '../../libs/contracts/src/api.ts'),
      // zod-free constants (upload limits) the screens use as values
      '@hall/contracts/limits': path.join(root, '../../libs/contracts/src/intake/material-limits.ts'),
      '@hall/contracts/constants': path.join(root, '../../libs/contracts/src/constants.ts'),
    },
  },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        chunkFileNames: chunkFileName,
        codeSplitting: {
          groups: [
            // React, its DOM renderer and the router: every page needs them; they change only with an upgrade.
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 2,
            },
            // The rest of the libraries the frame loads (antd's core, layout, menu, button…): one file instead of ~20
            // small ones (fewer requests on a slow link, better compression).
            { name: 'vendor-frame', test: /node_modules[\\/]/, tags: ['$initial'], priority: 1 },
            // The UI strings (zh-CN and English) of every screen, apart from the libraries (they change with the app).
            { name: 'messages', test: /[\\/]src[\\/]i18n[\\/][^\\/]*-?messages\.ts$/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': hall, '/realms': hall },
  },
});

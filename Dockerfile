# syntax=docker/dockerfile:1
#
# One image for all five services, compiled ahead of time; the service is chosen at run time:
#   docker build -t hall-server .                 (the last stage, `runtime`)
#   docker run -e SERVICE=intake … hall-server    (docker-compose.yml and deploy/k8s set SERVICE per service)
# The runtime stage holds dist/ (scripts/build.mjs: SWC output, plain ESM JavaScript) and the production
# dependencies only: no TypeScript, no @swc-node/register, no Prisma CLI. It runs as an unprivileged user and
# writes nothing outside /tmp, so the root filesystem can be mounted read-only (compose `read_only: true`,
# Kubernetes `readOnlyRootFilesystem: true`, both with a writable /tmp).
#   docker build --target web -t hall-web .       the web UI (static files behind nginx) for Kubernetes
#
# Base image: Node 24 LTS (Node 22 LTS works as well: --build-arg NODE_IMAGE=node:22.23.5-bookworm-slim). The dist/
# entrypoints were started on Node 20.20, 22.23 and 24.22 (docs/operations.md, "Production image").

ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# ---- deps: the full dependency tree from the lockfile (layer cached until package*.json change) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: generated Prisma clients, then the services compiled to dist/ ----
FROM deps AS build
COPY . .
RUN npm run db:generate && node scripts/build.mjs

# ---- web-build: the web UI (Vite) ----
FROM build AS web-build
RUN node scripts/build-web.mjs

# ---- prod-deps: production dependencies only ----
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# --omit=optional as well: the Prisma CLI and TypeScript are optional peers of @prisma/client (needed by
# `prisma generate` in the build stage only), the rest are optional proxy/driver extras no service loads.
# PDFs embed Noto Sans SC Regular from @expo-google-fonts/noto-sans-sc (a production dependency: no system font
# needed); the other eight weights (~82 MB) are never used, so they are left out. So are Prisma's query engines and
# compilers for other databases and its source maps: the generated clients load the PostgreSQL (fast) compiler only.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --ignore-scripts \
  && find node_modules/@expo-google-fonts/noto-sans-sc -mindepth 1 -maxdepth 1 -type d ! -name 400Regular -exec rm -rf {} + \
  && rm -f node_modules/@expo-google-fonts/noto-sans-sc/*.png \
  && find node_modules/@prisma/client/runtime -type f \( -name '*.map' -o -name 'query_engine_bg.*' \
       -o \( -name 'query_compiler_*' ! -name 'query_compiler_fast_bg.postgresql.*' \) \) -delete \
  && test -f node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf \
  && test ! -e node_modules/@swc-node && test ! -e node_modules/typescript && test ! -e node_modules/prisma

# ---- web: static web UI for Kubernetes (compose mounts apps/web/dist into its nginx instead) ----
# nginx-unprivileged: the official nginx build that runs as uid 101 on port 8080 with its pid file in /tmp.
FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS web
COPY deploy/nginx/web.conf /etc/nginx/conf.d/default.conf
COPY --from=web-build /app/apps/web/dist /usr/share/nginx/html
EXPOSE 8080

# ---- runtime (default target) ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# tini: PID 1 that forwards SIGTERM (graceful shutdown: outbox relay, Kafka consumer group leave) and reaps.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
# --max-semi-space-size=32 (MiB; V8's default 16): a service allocates mostly short-lived objects per request and per
# event, and a young generation twice as large halves the time spent in scavenges (hall bench, issue 22) for at most
# 32 MiB more heap under load. Operators may override NODE_OPTIONS as a whole.
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=32"

COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist

# uid/gid 1000 is the base image's `node` user; numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000
# Liveness: the process answers HTTP. Readiness (database, broker, storage) is GET /api/<service>/health;
# compose and Kubernetes probe that one themselves.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/api/'+process.env.SERVICE+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node \"dist/apps/${SERVICE:?set SERVICE to catalog, intake, approval, licence, supervision or disclosure}/src/main.js\""]

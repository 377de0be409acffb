# syntax=docker/dockerfile:1
#
# One image for all five services; the service is chosen at run time:
#   docker run -e SERVICE=intake … hall-server
# (docker-compose.yml sets SERVICE per service). The runtime executes the TypeScript sources directly through
# @swc-node/register, exactly like `npm start`; path aliases come from tsconfig.json / tsconfig.base.json.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- deps: the full dependency tree from the lockfile (layer cached until package*.json change) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# openssl: Prisma's install step detects the libssl version to pick its engine build.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: sources plus the generated Prisma clients ----
FROM deps AS build
COPY . .
RUN npm run db:generate

# ---- prod-deps: production dependencies only ----
FROM deps AS prod-deps
# PDFs embed Noto Sans SC Regular from @expo-google-fonts/noto-sans-sc (no system font needed); the other eight
# weights (~82 MB) are never used, so they are left out of the image.
RUN npm prune --omit=dev \
  && find node_modules/@expo-google-fonts/noto-sans-sc -mindepth 1 -maxdepth 1 -type d ! -name 400Regular -exec rm -rf {} + \
  && rm -f node_modules/@expo-google-fonts/noto-sans-sc/*.png

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# tini: PID 1 that forwards SIGTERM (graceful shutdown: outbox relay, Kafka consumer group leave) and reaps.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    SWC_NODE_PROJECT=/app/tsconfig.json

COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
# @swc-node/register reads tsconfig.json with the TypeScript package at run time. npm keeps it as a peer
# of a production dependency today; copying it makes sure a lockfile change cannot prune it away.
COPY --from=deps --chown=node:node /app/node_modules/typescript ./node_modules/typescript
COPY --from=build --chown=node:node /app/package.json /app/tsconfig.json /app/tsconfig.base.json ./
COPY --from=build --chown=node:node /app/libs ./libs
COPY --from=build --chown=node:node /app/apps ./apps

USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node --import @swc-node/register/esm-register \"apps/${SERVICE:?set SERVICE to catalog, intake, approval, licence or supervision}/src/main.ts\""]

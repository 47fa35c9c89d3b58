# Hostwatch's alert bridge: dist/ with its production node_modules (deploy/bundle/stage-alert-bridge.mjs)
# on Node's slim image. better-sqlite3 is native, so it is built here, for this image's Node and glibc.
# Build from the repository root:
#   docker build -f deploy/docker/alert-bridge.Dockerfile -t hostwatch-alert-bridge:0.1.0 .
# Secrets as files: BRIDGE_AUTH_TOKEN_FILE, TELEGRAM_BOT_TOKEN_FILE (docker-compose.yml uses secrets:).

FROM node:20.20.2-bookworm-slim AS build
# Compilers, for when no prebuilt better-sqlite3 matches; this stage is thrown away.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY exporter/package.json exporter/
COPY alert-bridge/package.json alert-bridge/
COPY deploy/package.json deploy/
# --ignore-scripts skips the root's prepare (a full build); better-sqlite3's own install runs after.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY alert-bridge/ alert-bridge/
COPY deploy/bundle/ deploy/bundle/
RUN npm run build --workspace @hostwatch/alert-bridge \
  && node deploy/bundle/stage-alert-bridge.mjs --out /out

FROM node:20.20.2-bookworm-slim
RUN groupadd --system --gid 9095 hostwatch \
  && useradd --system --uid 9095 --gid hostwatch --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hostwatch \
  && install -d -o hostwatch -g hostwatch -m 0700 /var/lib/hostwatch-bridge
COPY --from=build /out/alert-bridge /usr/local/lib/hostwatch/alert-bridge
COPY deploy/docker/healthcheck.mjs /usr/local/lib/hostwatch/healthcheck.mjs
# Every interface inside the container (loopback there is useless); publish the port with care, the
# bridge speaks plain HTTP. The outbox and the embedded history live in the volume.
ENV BRIDGE_LISTEN_ADDRESS=:9095 \
  BRIDGE_DATA_DIR=/var/lib/hostwatch-bridge
VOLUME ["/var/lib/hostwatch-bridge"]
USER hostwatch
EXPOSE 9095
ENTRYPOINT ["node", "/usr/local/lib/hostwatch/alert-bridge/dist/main.js"]
# Ready: the history store answers, so a webhook would be stored (503 otherwise).
HEALTHCHECK --interval=30s --timeout=10s --start-period=15s --retries=3 \
  CMD ["node", "/usr/local/lib/hostwatch/healthcheck.mjs", "http://127.0.0.1:9095/readyz"]

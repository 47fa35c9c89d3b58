# Hostwatch's exporter: the single-file bundle (deploy/bundle/build-exporter-bundle.mjs) on Node's
# slim image; no node_modules in the final image. Build from the repository root:
#   docker build -f deploy/docker/exporter.Dockerfile -t hostwatch-exporter:0.1.0 .
# For host metrics run it as docker-compose.yml does: the host's /proc, /sys and / mounted read-only
# and named by --path.procfs/--path.sysfs/--path.rootfs, pid: host, and /run/dbus for systemd's units.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
# Manifests first, so that the dependency layer survives source changes. Every workspace's manifest is
# needed for npm ci; no install scripts are needed to bundle (esbuild's binary is an optional dependency).
COPY package.json package-lock.json tsconfig.base.json ./
COPY exporter/package.json exporter/
COPY alert-bridge/package.json alert-bridge/
COPY deploy/package.json deploy/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY exporter/ exporter/
COPY deploy/bundle/ deploy/bundle/
RUN node deploy/bundle/build-exporter-bundle.mjs --out /out

FROM node:20.20.2-bookworm-slim
# A user of its own, not node (uid 1000, often a person's uid on the host, whose D-Bus rights it would
# share through the host's system bus).
RUN groupadd --system --gid 9110 hostwatch \
  && useradd --system --uid 9110 --gid hostwatch --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hostwatch
COPY --from=build /out/hostwatch-exporter.mjs /out/hostwatch-exporter.LICENSES.txt /usr/local/lib/hostwatch/
COPY deploy/docker/healthcheck.mjs /usr/local/lib/hostwatch/healthcheck.mjs
USER hostwatch
EXPOSE 9110
# Run through its shebang, which carries the V8 heap flags.
ENTRYPOINT ["/usr/local/lib/hostwatch/hostwatch-exporter.mjs"]
CMD ["--web.listen-address=:9110"]
# Plain HTTP on 9110; with --web.config.file (TLS) or another port, override the healthcheck.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 \
  CMD ["node", "/usr/local/lib/hostwatch/healthcheck.mjs", "http://127.0.0.1:9110/"]

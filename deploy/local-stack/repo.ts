import { fileURLToPath } from 'node:url';

/** The checkout this script lives in (deploy/local-stack/ is two levels down). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const inRepo = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** What `npm ci` (its `prepare` script) builds, and the shipped Prometheus configuration. */
export const REPO_PATHS = {
  exporterMain: inRepo('exporter/dist/main.js'),
  bridgeMain: inRepo('alert-bridge/dist/main.js'),
  inventoryMain: inRepo('deploy/dist/inventory/main.js'),
  prometheusDir: inRepo('prometheus'),
} as const;

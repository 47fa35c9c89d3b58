#!/usr/bin/env node
/* global process, fetch, AbortSignal */
// A container HEALTHCHECK without curl or wget, which node's slim image lacks:
//   node healthcheck.mjs URL
// Healthy (exit 0) when URL answers with a status below 500 within 5 s: a 401 from an exporter with
// basic auth still shows it serving, a 503 from the bridge's /readyz shows it cannot store alerts.
const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: healthcheck.mjs URL\n');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  if (response.status >= 500) {
    process.stderr.write(`${url}: HTTP ${response.status}\n`);
    process.exit(1);
  }
} catch (error) {
  process.stderr.write(`${url}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

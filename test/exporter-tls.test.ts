import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import t from 'tap';
import { makeTestCertificates } from './helpers/certs.js';
import { startHostwatchExporter } from './helpers/exporters.js';
import { makeTempDir, waitFor } from './helpers/processes.js';
import { startPrometheus, type StartedPrometheus } from './helpers/prometheus.js';

// A real Prometheus scrapes the built exporter (npx tsc -b exporter) over https with a client
// certificate and basic auth, the way node_exporter is scraped with exporter-toolkit's web config.

const GOOD_PASSWORD = 'scrape-secret';
const WRONG_PASSWORD = 'guess';

const temp = await makeTempDir('exporter-tls');
t.teardown(temp.remove);
const certs = await makeTestCertificates(temp.path);
const webConfigFile = path.join(temp.path, 'web-config.yml');

/** TLS with verified client certificates, and one user whose password is `password`; paths relative to the file. */
async function writeWebConfig(password: string): Promise<void> {
  await writeFile(
    webConfigFile,
    `tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
basic_auth_users:
  prometheus: ${bcrypt.hashSync(password, 4)}
`,
  );
}

await writeWebConfig(GOOD_PASSWORD);
const exporter = await startHostwatchExporter(
  [`--web.config.file=${webConfigFile}`, '--collector.disable-defaults', '--collector.loadavg'],
  { https: true },
);
t.teardown(() => exporter.process.stop());

const scrapeJob = (name: string, passwordFile: string): string => `
  - job_name: ${name}
    scheme: https
    tls_config:
      ca_file: ${certs.ca.cert}
      cert_file: ${certs.client.cert}
      key_file: ${certs.client.key}
    basic_auth:
      username: prometheus
      password_file: ${passwordFile}
    static_configs:
      - targets: ['127.0.0.1:${exporter.port}']`;

const prometheus = await startPrometheus(
  `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:${scrapeJob('hostwatch-tls', 'good-password')}${scrapeJob('hostwatch-wrong-password', 'wrong-password')}
`,
  { 'good-password': GOOD_PASSWORD, 'wrong-password': WRONG_PASSWORD },
);
t.teardown(() => prometheus.stop());

interface Target {
  readonly labels: Record<string, string>;
  readonly health: string;
  readonly lastError: string;
  readonly lastScrape: string;
}

async function target(prom: StartedPrometheus, job: string): Promise<Target | undefined> {
  const response = await fetch(`${prom.url}/api/v1/targets?state=active`);
  const body = (await response.json()) as { data: { activeTargets: Target[] } };
  return body.data.activeTargets.find((candidate) => candidate.labels.job === job);
}

/** The target's state after a scrape that started later than `since` (ms since the epoch). */
function scrapedAfter(job: string, since: number): Promise<Target> {
  return waitFor(
    `a ${job} scrape after ${new Date(since).toISOString()}`,
    async () => {
      const found = await target(prometheus, job);
      return found && Date.parse(found.lastScrape) > since ? found : undefined;
    },
    60_000,
    250,
  );
}

t.test('Prometheus scrapes over https with a client certificate and basic auth', async (t) => {
  await prometheus.waitForTargetsUp(1);
  const good = await target(prometheus, 'hostwatch-tls');
  t.equal(good?.health, 'up');
  t.equal(good?.labels.instance, `127.0.0.1:${exporter.port}`);

  const result = await prometheus.query('node_load1{job="hostwatch-tls"}');
  const series = Array.isArray(result.result) ? (result.result as { value?: [number, string] }[]) : [];
  t.equal(series.length, 1, 'node_load1 is stored');
  t.ok(Number.isFinite(Number(series[0]?.value?.[1])), 'with a numeric value');
});

t.test('a scrape job with a wrong password is down with 401', async (t) => {
  const wrong = await scrapedAfter('hostwatch-wrong-password', 0);
  t.equal(wrong.health, 'down');
  t.match(wrong.lastError, /401/);
});

t.test('SIGHUP reloads the web config', async (t) => {
  await writeWebConfig(WRONG_PASSWORD);
  exporter.process.child.kill('SIGHUP');
  await waitFor('the reload to be logged', async () => exporter.process.output().includes('web config reloaded'));
  const reloadedAt = Date.now();
  const wrong = await scrapedAfter('hostwatch-wrong-password', reloadedAt);
  t.equal(wrong.health, 'up', 'the new password is accepted');
  const good = await scrapedAfter('hostwatch-tls', reloadedAt);
  t.equal(good.health, 'down', 'the old one is not');
  t.match(good.lastError, /401/);
});

t.test('a broken file on SIGHUP is logged and the config in force is kept', async (t) => {
  await writeFile(webConfigFile, 'basic_auth_users:\n  prometheus: not-a-hash\n');
  exporter.process.child.kill('SIGHUP');
  await waitFor('the failed reload to be logged', async () => exporter.process.output().includes('web config reload failed'));
  t.match(exporter.process.output(), /basic_auth_users\.prometheus: is not a bcrypt hash/);
  const wrong = await scrapedAfter('hostwatch-wrong-password', Date.now());
  t.equal(wrong.health, 'up');
  t.equal(exporter.process.child.exitCode, null, 'the exporter is still running');
});

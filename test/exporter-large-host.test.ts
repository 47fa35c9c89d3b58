// A large host through the exporter as shipped (its shebang's V8 heap limits): 256 CPUs and 1,000
// filesystems, about 10,000 series, scraped by 40 clients at once (--web.max-requests' default). Before
// scrapes were served one at a time, this ran V8 out of heap and killed the exporter.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { collectorFlags, exporterMain } from './helpers/exporters.js';
import { hostPathFlags, writeLargeHost } from './helpers/large-host.js';
import { freePort } from './helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp } from './helpers/processes.js';

const CPUS = 256;
const FILESYSTEMS = 1000;
const CLIENTS = 40;
const SCRAPES_PER_CLIENT = 5;

t.test(`${CPUS} CPUs and ${FILESYSTEMS} filesystems, ${CLIENTS} clients at once: every scrape served`, async (t) => {
  const dir = await makeTempDir('hostwatch-large-host-');
  t.teardown(() => dir.remove());
  const host = await writeLargeHost(dir.path, CPUS, FILESYSTEMS);
  const port = await freePort();
  // Started as an executable, so its shebang's V8 flags apply as they do for users.
  const exporter = startProcess(exporterMain, [
    `--web.listen-address=127.0.0.1:${port}`,
    ...collectorFlags(),
    ...hostPathFlags(host),
  ]);
  t.teardown(() => exporter.stop());
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitForHttp(url, exporter);
  const shebangFlags = readFileSync(exporterMain, 'utf8').split('\n', 1)[0]?.replace('#!/usr/bin/env -S node ', '') ?? '';
  const commandLine = readFileSync(`/proc/${exporter.child.pid}/cmdline`, 'utf8').split('\0').join(' ');
  t.match(shebangFlags, /--max-old-space-size=\d+/, 'the shebang limits the heap');
  t.ok(commandLine.includes(shebangFlags), "runs with the shebang's flags");

  const statuses = new Map<number, number>();
  const seriesCounts = new Set<number>();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < SCRAPES_PER_CLIENT; i++) {
        const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
        const body = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200) seriesCounts.add(body.split('\n').filter((line) => line.startsWith('node_')).length);
      }
    }),
  );
  t.same(Object.fromEntries(statuses), { 200: CLIENTS * SCRAPES_PER_CLIENT }, 'every scrape answered 200');
  const [series] = [...seriesCounts];
  t.equal(seriesCounts.size, 1, 'every scrape carries the same series');
  t.ok((series ?? 0) >= CPUS * 8 + (FILESYSTEMS + 1) * 7, `${series} node_* series in each scrape`);
  t.equal(exporter.child.exitCode, null, 'the exporter is still running', { output: exporter.output().slice(-2000) });
});

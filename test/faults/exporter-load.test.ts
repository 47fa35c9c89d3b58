import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { startHostwatchExporter } from '../helpers/exporters.js';
import { makeTempDir, startProcess, waitFor } from '../helpers/processes.js';
import { recordResult } from './helpers/reliability-report.js';

// The exporter under load and with a filesystem that hangs, as real processes.
//  - 20 concurrent clients, 10,000 scrapes: every one a 200 with the full exposition, and the resident
//    memory after 10,000 scrapes within a few MiB of what it was after 2,000.
//  - A FUSE mount (bindfs) whose daemon is stopped with SIGSTOP: statfs() on it blocks for ever in the
//    kernel, as on a dead NFS server. The scrape still answers, reporting the mount as device_error 1.

const CLIENTS = 20;
const SCRAPES = 10_000;
const WARM = 3_000;
/** The exporter's memory may settle a little after warm-up; more than this is growth. */
const GROWTH_BOUND_MIB = 12;

const rssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
};

t.test(`${CLIENTS} clients, ${SCRAPES} scrapes: no error, no memory growth`, async (t) => {
  const exporter = await startHostwatchExporter(['--no-collector.systemd']);
  t.teardown(() => exporter.process.stop());
  const pid = exporter.process.child.pid as number;
  let done = 0;
  let errors = 0;
  let incomplete = 0;
  let rssAtWarm = 0;
  const client = async (): Promise<void> => {
    while (done < SCRAPES) {
      done++;
      if (done === WARM) rssAtWarm = await rssMiB(pid);
      try {
        const response = await fetch(`${exporter.url}/metrics`);
        const text = await response.text();
        if (response.status !== 200) errors++;
        else if (!text.includes('node_cpu_seconds_total') || !text.includes('node_scrape_collector_success{collector="filesystem"} 1')) incomplete++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const rssAtEnd = await rssMiB(pid);
  t.equal(errors, 0, 'every scrape answered 200');
  t.equal(incomplete, 0, 'every scrape complete, every collector successful');
  t.ok(rssAtEnd - rssAtWarm <= GROWTH_BOUND_MIB, `RSS ${rssAtWarm.toFixed(1)} MiB after ${WARM} scrapes, ${rssAtEnd.toFixed(1)} MiB after ${SCRAPES}`);
  await recordResult('the exporter holds 20 concurrent scrapers', 'test/faults/exporter-load.test.ts', {
    scrapes: SCRAPES,
    clients: CLIENTS,
    errors,
    incomplete,
    rss_after_3000_mib: Number(rssAtWarm.toFixed(1)),
    rss_after_10000_mib: Number(rssAtEnd.toFixed(1)),
  });
});

const bindfs = spawnSync('bindfs', ['--version']).status === 0;

t.test('a filesystem whose server hangs does not hang the scrape', { skip: bindfs ? false : 'bindfs is not installed (scripts/install-test-deps.sh installs it)' }, async (t) => {
  const temp = await makeTempDir('hung-mount');
  const source = path.join(temp.path, 'source');
  const mountPoint = path.join(temp.path, 'mnt');
  await mkdir(source);
  await mkdir(mountPoint);
  // -f: bindfs stays in the foreground, so this process is the FUSE daemon to stop.
  const daemon = startProcess('bindfs', ['-f', source, mountPoint]);
  const unmount = () => spawnSync('fusermount3', ['-u', '-z', mountPoint]);
  t.teardown(async () => {
    daemon.child.kill('SIGCONT');
    unmount();
    await daemon.stop();
    await temp.remove();
  });
  try {
    await waitFor('the FUSE mount', async () => (await readFile('/proc/mounts', 'utf8')).includes(` ${mountPoint} `), 10_000);
  } catch {
    t.skip(`FUSE mounts are not possible here: ${daemon.output().trim() || 'bindfs did not mount'}`, () => {});
    return;
  }
  const exporter = await startHostwatchExporter(['--no-collector.systemd', '--collector.filesystem.mount-timeout=1s']);
  t.teardown(() => exporter.process.stop());
  daemon.child.kill('SIGSTOP');

  const deviceError = new RegExp(`^node_filesystem_device_error\\{[^}]*mountpoint="${mountPoint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"[^}]*\\} 1$`, 'm');
  for (const attempt of ['first', 'second']) {
    const response = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(20_000) });
    const text = await response.text();
    t.equal(response.status, 200, `the ${attempt} scrape answers`);
    t.match(text, deviceError, `the ${attempt} scrape reports the hung mount as device_error 1`);
    t.match(text, /^node_filesystem_size_bytes\{[^}]*mountpoint="\/"[^}]*\} \d/m, 'the other filesystems are served');
    t.match(text, /^node_memory_MemTotal_bytes \d/m, 'the other collectors are served');
  }
  await recordResult('a hung filesystem does not hang the scrape', 'test/faults/exporter-load.test.ts', { hung_mounts: 1, scrapes_answered: 2 });
});

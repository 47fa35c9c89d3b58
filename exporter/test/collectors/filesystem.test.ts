import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import t from 'tap';
import {
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  FilesystemCollector,
  parseMounts,
  selectMounts,
  type FilesystemStats,
  type StatfsFunction,
} from '../../src/collectors/filesystem.js';
import type { MetricFamily } from '../../src/metric-family.js';

const procfs = fileURLToPath(new URL('../fixtures/proc', import.meta.url));
const mountsText = await readFile(`${procfs}/1/mounts`, 'utf8');
const excludeMountPoints = new RegExp(DEFAULT_MOUNT_POINTS_EXCLUDE);
const excludeFsTypes = new RegExp(DEFAULT_FS_TYPES_EXCLUDE);
const silent = pino({ level: 'silent' });

const stats = (sizeBytes: number): FilesystemStats => ({
  sizeBytes, freeBytes: sizeBytes / 2, availBytes: sizeBytes / 4, files: 100, filesFree: 40,
});

function collector(statfs: StatfsFunction, mountTimeoutMs = 1000): FilesystemCollector {
  return new FilesystemCollector({
    paths: { procfs, sysfs: '/nonexistent', rootfs: '/' },
    logger: silent,
    excludeMountPoints,
    excludeFsTypes,
    mountTimeoutMs,
    statfs,
  });
}

function values(families: MetricFamily[], name: string): Record<string, number> {
  const family = families.find((f) => f.name === name);
  return Object.fromEntries((family?.samples ?? []).map((s) => [s.labels?.mountpoint, s.value]));
}

t.test('parseMounts unescapes octal escapes and reads the ro option', async (t) => {
  const data = parseMounts(mountsText).find((m) => m.device === '/dev/vdb');
  t.same(data, { device: '/dev/vdb', mountPoint: '/srv/data files', fsType: 'xfs', readOnly: true });
});

t.test('selectMounts applies node_exporter default exclusions and drops duplicates', async (t) => {
  const selected = selectMounts(parseMounts(mountsText), excludeMountPoints, excludeFsTypes);
  t.same(selected.map((m) => m.mountPoint), ['/', '/run', '/srv/data files', '/mnt/nfs']);
});

t.test('a readable mount reports its sizes; a failing one only device_error', async (t) => {
  const families = await collector(async (path) => {
    if (path === '/mnt/nfs') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    return stats(path === '/' ? 8192 : 4096);
  }).update();
  t.same(values(families, 'node_filesystem_size_bytes'), { '/': 8192, '/run': 4096, '/srv/data files': 4096 });
  t.same(values(families, 'node_filesystem_avail_bytes'), { '/': 2048, '/run': 1024, '/srv/data files': 1024 });
  t.same(values(families, 'node_filesystem_device_error'), { '/': 0, '/run': 0, '/srv/data files': 0, '/mnt/nfs': 1 });
  t.same(values(families, 'node_filesystem_readonly'), { '/': 0, '/run': 0, '/srv/data files': 1, '/mnt/nfs': 0 });
  t.same(
    families.find((f) => f.name === 'node_filesystem_files')?.samples[0],
    { labels: { device: '/dev/vda', fstype: 'ext4', mountpoint: '/' }, value: 100 },
  );
});

t.test('a hung mount is reported after the timeout and not called again until it returns', async (t) => {
  let release: (value: FilesystemStats) => void = () => {};
  let hung = true;
  const calls: string[] = [];
  const statfs: StatfsFunction = (path) => {
    calls.push(path);
    if (path !== '/mnt/nfs') return Promise.resolve(stats(4096));
    if (!hung) return Promise.resolve(stats(1 << 20));
    return new Promise((resolve) => (release = resolve));
  };
  const fs = collector(statfs, 50);

  const first = await fs.update();
  t.equal(values(first, 'node_filesystem_device_error')['/mnt/nfs'], 1, 'first scrape completes with the mount as an error');
  t.equal(values(first, 'node_filesystem_size_bytes')['/'], 4096, 'the other mounts are served');

  const second = await fs.update();
  t.equal(values(second, 'node_filesystem_device_error')['/mnt/nfs'], 1);
  t.equal(calls.filter((p) => p === '/mnt/nfs').length, 1, 'a stuck mount gets no second statfs');

  hung = false;
  release(stats(1 << 20));
  await new Promise((resolve) => setImmediate(resolve));
  const third = await fs.update();
  t.equal(values(third, 'node_filesystem_device_error')['/mnt/nfs'], 0, 'the mount recovers once statfs returns');
  t.equal(values(third, 'node_filesystem_size_bytes')['/mnt/nfs'], 1 << 20);
});

t.test('--path.rootfs prefixes the mount points statfs is called on', async (t) => {
  const seen: string[] = [];
  const fs = new FilesystemCollector({
    paths: { procfs, sysfs: '/nonexistent', rootfs: '/host' },
    logger: silent,
    excludeMountPoints,
    excludeFsTypes,
    mountTimeoutMs: 1000,
    statfs: async (path) => {
      seen.push(path);
      return stats(1);
    },
  });
  const families = await fs.update();
  t.ok(seen.includes('/host/srv/data files'));
  t.ok(values(families, 'node_filesystem_size_bytes')['/srv/data files'] === 1, 'labels keep the host path');
});

import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { writeGeneratedFiles } from '../../src/inventory/write-files.js';

t.test('writes each file under the directory, creating folders and replacing what was there', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-write-files-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'rules'));
  await writeFile(path.join(dir, 'rules', 'thresholds.yml'), 'old');
  await writeFile(path.join(dir, 'rules', 'node-recording.yml'), 'kept');

  const written = await writeGeneratedFiles(dir, [
    { path: 'targets/hosts.yml', content: '- targets: []\n' },
    { path: 'rules/thresholds.yml', content: 'groups: []\n' },
  ]);
  t.same(written, [path.join(dir, 'targets', 'hosts.yml'), path.join(dir, 'rules', 'thresholds.yml')]);
  t.equal(await readFile(path.join(dir, 'targets', 'hosts.yml'), 'utf8'), '- targets: []\n');
  t.equal(await readFile(path.join(dir, 'rules', 'thresholds.yml'), 'utf8'), 'groups: []\n');
  t.same((await readdir(path.join(dir, 'rules'))).sort(), ['node-recording.yml', 'thresholds.yml'], 'no temporary file left, others untouched');
});

t.test('a directory that cannot be created fails with the path', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-write-files-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'targets'), 'a file where a folder should be');
  await t.rejects(writeGeneratedFiles(dir, [{ path: 'targets/hosts.yml', content: '' }]), { code: /EEXIST|ENOTDIR/ });
});

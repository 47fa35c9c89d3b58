import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { stackLayout } from '../layout.js';
import { claimStackFolder, purgeStackFolder } from '../stack-folder.js';

t.test('a new or empty folder becomes the stack\'s; a folder with other things in it is refused', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-folder-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  const fresh = stackLayout(path.join(dir, 'new'));
  await claimStackFolder(fresh);
  await access(fresh.marker);
  await claimStackFolder(fresh);
  t.pass('claiming the stack\'s own folder again is fine');

  const empty = stackLayout(path.join(dir, 'empty'));
  await mkdir(empty.root);
  await claimStackFolder(empty);
  await access(empty.marker);

  const home = stackLayout(path.join(dir, 'home'));
  await mkdir(home.root);
  await writeFile(path.join(home.root, 'thesis.tex'), '');
  await t.rejects(claimStackFolder(home), { message: `${home.root} is not empty and holds no Hostwatch stack (no ${home.marker}); choose a new or empty folder with HOSTWATCH_STACK_DIR` });
  await t.rejects(purgeStackFolder(home), { message: `${home.root} holds no Hostwatch stack (no ${home.marker}); not deleting it` });
  await access(path.join(home.root, 'thesis.tex'));

  await purgeStackFolder(fresh);
  await t.rejects(access(fresh.root), 'the stack\'s folder is deleted');
});

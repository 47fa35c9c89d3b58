import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ensureTokenFile } from '../token.js';

t.test('creates a private random token once, then keeps it', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-token-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'bridge-token');
  t.equal(await ensureTokenFile(file), true, 'created');
  const token = await readFile(file, 'utf8');
  t.match(token, /^[0-9a-f]{64}\n$/);
  t.equal((await stat(file)).mode & 0o777, 0o600);

  t.equal(await ensureTokenFile(file), false, 'kept');
  t.equal(await readFile(file, 'utf8'), token);

  await chmod(file, 0o644);
  await ensureTokenFile(file);
  t.equal((await stat(file)).mode & 0o777, 0o600, 'a readable token file is made private');

  await writeFile(file, '  \n');
  await t.rejects(ensureTokenFile(file), { message: `${file} is empty: delete it for a new token, or write one into it` });
});

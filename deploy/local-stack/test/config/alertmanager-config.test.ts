import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';
import { pointAlertmanagerAtBridge } from '../../config/alertmanager-config.js';
import { REPO_PATHS } from '../../repo.js';

const run = promisify(execFile);

t.test('the webhook goes to the stack\'s bridge with its token file, and amtool accepts the result', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-am-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tokenFile = path.join(dir, 'bridge-token');
  await writeFile(tokenFile, 'secret\n', { mode: 0o600 });
  const template = await readFile(`${REPO_PATHS.prometheusDir}/alertmanager.yml`, 'utf8');
  const rendered = pointAlertmanagerAtBridge(template, { url: 'http://127.0.0.1:29095', tokenFile }, 'alertmanager.yml');
  const config = parse(rendered) as { receivers: { name: string; webhook_configs: { url: string; http_config: { authorization: { credentials_file: string } } }[] }[] };
  const webhook = config.receivers.find((receiver) => receiver.name === 'hostwatch-bridge')?.webhook_configs[0];
  t.equal(webhook?.url, 'http://127.0.0.1:29095/webhook');
  t.equal(webhook?.http_config.authorization.credentials_file, tokenFile);

  const file = path.join(dir, 'alertmanager.yml');
  await writeFile(file, rendered);
  const { stdout } = await run('amtool', ['check-config', file]);
  t.match(stdout, /SUCCESS/);
});

t.test('a configuration without the shipped webhook is an error naming what is missing', async (t) => {
  const generated = 'route:\n  receiver: elsewhere\nreceivers:\n  - name: elsewhere\n    webhook_configs:\n      - url: http://10.0.0.1:9095/webhook\n';
  t.throws(() => pointAlertmanagerAtBridge(generated, { url: 'http://127.0.0.1:1', tokenFile: '/t' }, '/stack/config/alertmanager.yml'), {
    message:
      '/stack/config/alertmanager.yml: expected "http://127.0.0.1:9095/webhook", "/etc/alertmanager/hostwatch-bridge-token" to rewrite for the local stack, found none',
  });
});

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { makeTempDir } from './helpers/processes.js';

// The systemd units of deploy/systemd, checked by systemd itself: `systemd-analyze verify` (syntax,
// unknown keys, missing executables) and `systemd-analyze security --offline` (the exposure score).
// No systemd needs to run. Skipped where systemd-analyze is missing (Debian package: systemd).
//
// Threshold: an exposure below 2.0 for both units (systemd rates 0-10; below 2 it says "OK"). Today
// the exporter scores 1.9 and the bridge 1.3 with systemd 252; dropping any one protection of
// weight 0.2 or more from the exporter crosses it. The exporter's remaining exposure is by design:
// networking, ProtectHome=read-only, /proc in full (see the unit's comments) and a W+X JIT.

const repo = fileURLToPath(new URL('../', import.meta.url));
const unitsDir = path.join(repo, 'deploy/systemd');
const UNITS = ['hostwatch-exporter.service', 'hostwatch-alert-bridge.service'] as const;
const DROP_IN = 'hostwatch-alert-bridge.service.d/telegram.conf';
const EXPOSURE_THRESHOLD = 2.0;

interface Outcome {
  code: number;
  output: string;
}

function run(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const analyzeVersion = await run('systemd-analyze', ['--version']);
const systemdVersion = analyzeVersion.code === 0 ? Number(/^systemd (\d+)/.exec(analyzeVersion.output)?.[1] ?? 0) : undefined;
const noAnalyze = systemdVersion === undefined ? 'systemd-analyze is not installed (Debian package: systemd)' : false;
const noOfflineSecurity =
  noAnalyze || (systemdVersion !== undefined && systemdVersion < 250 ? `systemd ${systemdVersion} has no security --offline (it came in 250)` : false);

/**
 * The key=value settings of a unit file, every value of a key in order. Empty assignments (which reset
 * a list) are kept as ''.
 */
function settings(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (/^\s*([#;[]|$)/.test(line)) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at).trim();
    result.set(key, [...(result.get(key) ?? []), line.slice(at + 1).trim()]);
  }
  return result;
}

/**
 * Copies of the units in a temp dir, their /usr/local/bin programs replaced by stub executables in it,
 * since verify insists that ExecStart's program exist. The drop-in goes along, where systemd finds it.
 */
async function stagedUnits(t: Test): Promise<string> {
  const temp = await makeTempDir('units');
  t.teardown(() => temp.remove());
  const bin = path.join(temp.path, 'bin');
  await mkdir(bin);
  for (const unit of UNITS) {
    const text = await readFile(path.join(unitsDir, unit), 'utf8');
    t.match(text, /^ExecStart=\/usr\/local\/bin\//m, `${unit} runs a program from /usr/local/bin`);
    await writeFile(path.join(temp.path, unit), text.replaceAll('/usr/local/bin/', `${bin}/`));
    const program = /^ExecStart=\/usr\/local\/bin\/(\S+)/m.exec(text)?.[1] ?? 'missing';
    await writeFile(path.join(bin, program), '#!/bin/sh\n');
    await chmod(path.join(bin, program), 0o755);
  }
  await cp(path.join(unitsDir, path.dirname(DROP_IN)), path.join(temp.path, path.dirname(DROP_IN)), { recursive: true });
  return temp.path;
}

/** What verify says about our files; its remarks on the host's own units are not ours to judge. */
function remarksAboutHostwatch(output: string): string[] {
  return output.split('\n').filter((line) => /hostwatch|telegram\.conf/.test(line));
}

t.test('systemd-analyze verify accepts both units and the Telegram drop-in', { skip: noAnalyze }, async (t) => {
  const dir = await stagedUnits(t);
  for (const unit of UNITS) {
    const result = await run('systemd-analyze', ['verify', '--man=no', path.join(dir, unit)]);
    t.equal(result.code, 0, `${unit}: exit status 0\n${result.output}`);
    t.same(remarksAboutHostwatch(result.output), [], `${unit}: no warnings`);
  }

  // The same run notices a mistake in the drop-in: so the drop-in was read, and warnings do surface.
  await writeFile(path.join(dir, DROP_IN), `${await readFile(path.join(dir, DROP_IN), 'utf8')}ProtectHomes=yes\n`);
  const broken = await run('systemd-analyze', ['verify', '--man=no', path.join(dir, 'hostwatch-alert-bridge.service')]);
  t.match(remarksAboutHostwatch(broken.output).join('\n'), /telegram\.conf:\d+: .*ProtectHomes/, 'an unknown key in the drop-in is reported');
});

t.test(`systemd-analyze security rates both units below ${EXPOSURE_THRESHOLD}`, { skip: noOfflineSecurity }, async (t) => {
  const dir = await stagedUnits(t);
  for (const unit of UNITS) {
    const result = await run('systemd-analyze', ['security', '--offline=yes', path.join(dir, unit)]);
    const score = Number(/Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(result.output)?.[1] ?? NaN);
    t.ok(Number.isFinite(score), `${unit}: a score was printed\n${result.output}`);
    t.ok(score < EXPOSURE_THRESHOLD, `${unit}: exposure ${score} < ${EXPOSURE_THRESHOLD}`);
    t.comment(`${unit}: exposure ${score} (systemd ${systemdVersion})`);
  }
});

t.test('the exporter keeps what its collectors read in view, and Node its JIT', async (t) => {
  const exporter = settings(await readFile(path.join(unitsDir, 'hostwatch-exporter.service'), 'utf8'));
  const bridge = settings(await readFile(path.join(unitsDir, 'hostwatch-alert-bridge.service'), 'utf8'));
  t.same(exporter.get('ProtectHome'), ['read-only'], 'statfs() of /home mounts must see them');
  t.same(exporter.get('ProtectSystem'), ['strict']);
  for (const hiding of ['PrivateMounts', 'ProtectProc', 'ProcSubset', 'TemporaryFileSystem', 'InaccessiblePaths']) {
    t.notOk(exporter.has(hiding), `no ${hiding}= (it would hide mounts or /proc from the collectors)`);
  }
  t.same(exporter.get('RestrictAddressFamilies')?.[0]?.split(/\s+/).sort(), ['AF_INET', 'AF_INET6', 'AF_UNIX'], 'AF_UNIX for D-Bus');
  for (const [name, unit] of [['exporter', exporter], ['bridge', bridge]] as const) {
    t.notOk(unit.has('MemoryDenyWriteExecute'), `${name}: no MemoryDenyWriteExecute= (V8 needs W+X pages)`);
    t.same(unit.get('CapabilityBoundingSet'), [''], `${name}: no capabilities`);
    t.same(unit.get('SystemCallFilter'), ['@system-service'], `${name}: system call filter`);
    t.same(unit.get('Restart'), ['on-failure']);
  }
  t.same(bridge.get('StateDirectory'), ['hostwatch-bridge']);
  t.same(bridge.get('Environment'), ['BRIDGE_AUTH_TOKEN_FILE=%d/auth-token']);
  t.match(bridge.get('LoadCredential')?.[0] ?? '', /^auth-token:\/etc\/hostwatch\//);
  const dropIn = settings(await readFile(path.join(unitsDir, DROP_IN), 'utf8'));
  t.same(dropIn.get('Environment'), ['TELEGRAM_BOT_TOKEN_FILE=%d/telegram-bot-token']);
  t.match(dropIn.get('LoadCredential')?.[0] ?? '', /^telegram-bot-token:\/etc\/hostwatch\//);
  t.ok(existsSync(path.join(unitsDir, 'exporter.env')) && existsSync(path.join(unitsDir, 'alert-bridge.env')), 'env file templates');
});

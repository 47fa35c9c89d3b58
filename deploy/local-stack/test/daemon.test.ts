import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { Component } from '../components.js';
import { isRunning, runningPid, startDetached, stopDetached } from '../daemon.js';

/** Waits until the process printed the line (the log's first line, the command, holds the script's text too). */
async function waitForLine(file: string, line: string): Promise<void> {
  const pattern = new RegExp(`^${line}$`, 'm');
  for (let i = 0; i < 100 && !pattern.test(await readFile(file, 'utf8')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

function shellComponent(script: string, marker: string): Component {
  return { name: 'exporter', title: 'test process', command: 'bash', args: ['-c', script, marker], env: {}, url: '', readyUrl: '', commandMarker: marker };
}

t.test('a detached process: pid file, log, recognised by its marker, stopped with its children', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-daemon-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const files = { logFile: path.join(dir, 'test.log'), pidFile: path.join(dir, 'test.pid'), cwd: dir };
  const marker = `hostwatch-daemon-test-${process.pid}`;
  // The child sleeps in a process of its own: stopping must reach the whole group.
  const pid = await startDetached(shellComponent('echo started; sleep 60 & wait', marker), files);
  t.teardown(() => stopDetached(pid, marker, files.pidFile, 1000));

  t.equal(Number(await readFile(files.pidFile, 'utf8')), pid);
  t.equal(await runningPid(files.pidFile, marker), pid);
  t.equal(await runningPid(files.pidFile, 'some other program'), undefined, 'a pid that is not the component\'s is not running');
  await waitForLine(files.logFile, 'started');
  t.match(await readFile(files.logFile, 'utf8'), /^--- .* hostwatch-stack: bash -c .*\nstarted\n/);

  t.equal(await stopDetached(pid, marker, files.pidFile), 'terminated');
  t.notOk(await isRunning(pid, marker));
  await t.rejects(readFile(files.pidFile), 'the pid file is removed');
});

t.test('a process that ignores SIGTERM is killed after the grace period', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-daemon-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const files = { logFile: path.join(dir, 'test.log'), pidFile: path.join(dir, 'test.pid'), cwd: dir };
  const marker = `hostwatch-daemon-stubborn-${process.pid}`;
  const pid = await startDetached(shellComponent('trap "" TERM; echo ready; while :; do sleep 0.1; done', marker), files);
  await waitForLine(files.logFile, 'ready');
  t.equal(await stopDetached(pid, marker, files.pidFile, 500), 'killed');
  t.notOk(await isRunning(pid, marker));
});

t.test('a missing command is an error naming it', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-stack-daemon-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const component: Component = { ...shellComponent('', 'x'), title: 'Prometheus', command: 'no-such-prometheus' };
  await t.rejects(startDetached(component, { logFile: path.join(dir, 'log'), pidFile: path.join(dir, 'pid'), cwd: dir }), {
    message: /^cannot start Prometheus \(no-such-prometheus\): spawn no-such-prometheus ENOENT/,
  });
});

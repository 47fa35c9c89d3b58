import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import { makeTempDir, startProcess, waitFor, type RunningProcess } from './processes.js';

export interface PrivateBus {
  /** `unix:path=…`, for DBUS_SYSTEM_BUS_ADDRESS or dbus-next's busAddress. */
  readonly address: string;
  readonly daemon: RunningProcess;
  readonly dir: string;
}

/**
 * A dbus-daemon of the test's own, on a socket in a temp dir, where anyone may own any name: a fake
 * systemd can sit on it. Stopped (SIGCONT first, in case a test stopped it) and removed at teardown.
 */
export async function startPrivateBus(t: Test, prefix: string): Promise<PrivateBus> {
  const temp = await makeTempDir(prefix);
  t.teardown(() => temp.remove());
  const config = path.join(temp.path, 'bus.conf');
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${path.join(temp.path, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = startProcess('dbus-daemon', [`--config-file=${config}`, '--print-address', '--nofork', '--nopidfile']);
  t.teardown(async () => {
    daemon.child.kill('SIGCONT');
    await daemon.stop();
  });
  const address = await waitFor('dbus-daemon address', async () => {
    if (daemon.child.exitCode !== null) throw new Error(`dbus-daemon exited:\n${daemon.output()}`);
    return /^unix:path=\S+/m.exec(daemon.output())?.[0];
  });
  return { address, daemon, dir: temp.path };
}

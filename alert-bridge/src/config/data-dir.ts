import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the bridge keeps its files when BRIDGE_DATA_DIR and data_dir are unset, never the working
 * directory: systemd's StateDirectory= when run as a unit, /var/lib/hostwatch-bridge for root,
 * otherwise the XDG state directory of the user ($XDG_STATE_HOME or ~/.local/state).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, uid: number | undefined = process.getuid?.()): string {
  // systemd sets STATE_DIRECTORY to a colon-separated list, the first being the unit's own.
  const stateDirectory = env.STATE_DIRECTORY?.split(':')[0];
  if (stateDirectory && path.isAbsolute(stateDirectory)) return stateDirectory;
  if (uid === 0) return '/var/lib/hostwatch-bridge';
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(homedir(), '.local', 'state');
  return path.join(stateHome, 'hostwatch-bridge');
}

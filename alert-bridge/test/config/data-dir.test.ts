import { homedir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { defaultDataDir } from '../../src/config/data-dir.js';

t.test("systemd's StateDirectory wins, then root's /var/lib, then the user's XDG state home", async (t) => {
  t.equal(defaultDataDir({ STATE_DIRECTORY: '/var/lib/hostwatch-bridge:/var/lib/other' }, 1000), '/var/lib/hostwatch-bridge');
  t.equal(defaultDataDir({}, 0), '/var/lib/hostwatch-bridge');
  t.equal(defaultDataDir({ XDG_STATE_HOME: '/home/u/.state' }, 1000), '/home/u/.state/hostwatch-bridge');
  t.equal(defaultDataDir({}, 1000), path.join(homedir(), '.local', 'state', 'hostwatch-bridge'));
  t.equal(defaultDataDir({ XDG_STATE_HOME: 'relative', STATE_DIRECTORY: 'also-relative' }, 1000), path.join(homedir(), '.local', 'state', 'hostwatch-bridge'), 'relative values are ignored, as the XDG spec says');
});

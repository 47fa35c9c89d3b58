// Each import registers one collector; the order here does not matter.
import './cpu.js';
import './filesystem.js';
import './loadavg.js';
import './meminfo.js';
import './stat.js';
import './systemd.js';
import './time.js';
import './uname.js';

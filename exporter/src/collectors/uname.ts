import os from 'node:os';
import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { procPath, readPseudoFile, type HostPaths } from '../host-paths.js';
import type { MetricFamily } from '../metric-family.js';

export interface Uname {
  readonly sysname: string;
  readonly nodename: string;
  readonly release: string;
  readonly version: string;
  readonly machine: string;
  readonly domainname: string;
}

export function unameFamilies(uname: Uname): MetricFamily[] {
  return [
    {
      name: 'node_uname_info',
      help: 'Labeled system information as provided by the uname system call.',
      type: 'gauge',
      labelNames: ['domainname', 'machine', 'nodename', 'release', 'sysname', 'version'],
      samples: [
        {
          labels: {
            domainname: uname.domainname,
            machine: uname.machine,
            nodename: uname.nodename,
            release: uname.release,
            sysname: uname.sysname,
            version: uname.version,
          },
          value: 1,
        },
      ],
    },
  ];
}

/** os.* call uname(2) each time, so a renamed host shows up at the next scrape. */
function readUname(paths: HostPaths): Uname {
  const domainname = readPseudoFile(procPath(paths, 'sys/kernel/domainname')).trim();
  return {
    sysname: os.type(),
    nodename: os.hostname(),
    release: os.release(),
    version: os.version(),
    machine: os.machine(),
    domainname,
  };
}

class UnameCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    return unameFamilies(readUname(this.paths));
  }
}

registerCollector({
  name: 'uname',
  defaultEnabled: true,
  create: (context: CollectorContext) => new UnameCollector(context.paths),
});

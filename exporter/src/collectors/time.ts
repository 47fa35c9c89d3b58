import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { listPseudoDirectory, readPseudoFile, sysPath, type HostPaths } from '../host-paths.js';
import { gauge, type MetricFamily, type Sample } from '../metric-family.js';
import { localZoneAbbreviation } from '../zone-abbreviation.js';

export interface Clocksource {
  readonly device: string;
  readonly available: readonly string[];
  readonly current: string;
}

export function timeFamilies(now: Date, clocksources: readonly Clocksource[]): MetricFamily[] {
  const families: MetricFamily[] = [
    gauge('node_time_seconds', 'System time in seconds since epoch (1970).', now.getTime() / 1000),
    {
      name: 'node_time_zone_offset_seconds',
      help: 'System time zone offset in seconds.',
      type: 'gauge',
      labelNames: ['time_zone'],
      samples: [{ labels: { time_zone: localZoneAbbreviation(now) }, value: -now.getTimezoneOffset() * 60 }],
    },
  ];
  if (clocksources.length > 0) {
    const available: Sample[] = [];
    const current: Sample[] = [];
    for (const source of clocksources) {
      for (const name of source.available) available.push({ labels: { clocksource: name, device: source.device }, value: 1 });
      current.push({ labels: { clocksource: source.current, device: source.device }, value: 1 });
    }
    families.push(
      {
        name: 'node_time_clocksource_available_info',
        help: "Available clocksources read from '/sys/devices/system/clocksource'.",
        type: 'gauge',
        labelNames: ['clocksource', 'device'],
        samples: available,
      },
      {
        name: 'node_time_clocksource_current_info',
        help: "Current clocksource read from '/sys/devices/system/clocksource'.",
        type: 'gauge',
        labelNames: ['clocksource', 'device'],
        samples: current,
      },
    );
  }
  return families;
}

function readClocksources(paths: HostPaths): Clocksource[] {
  const dir = sysPath(paths, 'devices/system/clocksource');
  let entries: string[];
  try {
    entries = listPseudoDirectory(dir);
  } catch {
    return []; // no sysfs (a container without /sys): the time itself is still worth serving
  }
  return entries
    .filter((name) => /^clocksource\d+$/.test(name))
    .sort()
    .map((device) => ({
      device: device.slice('clocksource'.length),
      available: readPseudoFile(`${dir}/${device}/available_clocksource`).trim().split(/\s+/).filter(Boolean),
      current: readPseudoFile(`${dir}/${device}/current_clocksource`).trim(),
    }));
}

class TimeCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    const clocksources = readClocksources(this.paths);
    return timeFamilies(new Date(), clocksources);
  }
}

registerCollector({
  name: 'time',
  defaultEnabled: true,
  create: (context: CollectorContext) => new TimeCollector(context.paths),
});

import '../../exporter/src/collectors/index.js';
import { collectorDefinitions, type Collector } from '../../exporter/src/collector.js';
import { defaultHostPaths } from '../../exporter/src/host-paths.js';
import { createLogger } from '../../exporter/src/log.js';
import { SHARED_COLLECTORS, SHARED_MOUNT_POINTS_EXCLUDE } from '../../test/helpers/exporters.js';

/** The shared collectors built in this process as the exporter builds them, with default flags. */
export function createSharedCollectors(): Map<string, Collector> {
  const logger = createLogger('silent');
  const collectors = new Map<string, Collector>();
  for (const definition of collectorDefinitions()) {
    if (!(SHARED_COLLECTORS as readonly string[]).includes(definition.name)) continue;
    const defaults = new Map((definition.flags ?? []).map((f) => [f.name, f.defaultValue]));
    defaults.set('collector.filesystem.mount-points-exclude', SHARED_MOUNT_POINTS_EXCLUDE);
    const collector = definition.create({
      paths: defaultHostPaths,
      logger: logger.child({ collector: definition.name }),
      flag: (name) => {
        const value = defaults.get(name);
        if (value === undefined) throw new Error(`collector ${definition.name} reads undeclared flag ${name}`);
        return value;
      },
    });
    collectors.set(definition.name, collector);
  }
  return collectors;
}

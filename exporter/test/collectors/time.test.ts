import t from 'tap';
import { timeFamilies } from '../../src/collectors/time.js';

t.test('timeFamilies reports the time, the zone offset and clocksources', async (t) => {
  const now = new Date('2026-11-23T12:00:00.250Z');
  const families = timeFamilies(now, [{ device: '0', available: ['tsc', 'kvm-clock'], current: 'tsc' }]);
  const byName = new Map(families.map((f) => [f.name, f]));
  t.equal(byName.get('node_time_seconds')?.samples[0]?.value, 1795435200.25);
  t.equal(byName.get('node_time_zone_offset_seconds')?.samples[0]?.value, -now.getTimezoneOffset() * 60);
  t.same(byName.get('node_time_clocksource_available_info')?.samples, [
    { labels: { clocksource: 'tsc', device: '0' }, value: 1 },
    { labels: { clocksource: 'kvm-clock', device: '0' }, value: 1 },
  ]);
  t.same(byName.get('node_time_clocksource_current_info')?.samples, [{ labels: { clocksource: 'tsc', device: '0' }, value: 1 }]);
});

t.test('timeFamilies leaves clocksource families out when sysfs has none', async (t) => {
  t.same(timeFamilies(new Date(), []).map((f) => f.name), ['node_time_seconds', 'node_time_zone_offset_seconds']);
});

import { readFileSync } from 'node:fs';
import t from 'tap';
import { abbreviationFromTzif, footerTypes, localZoneAbbreviation } from '../src/zone-abbreviation.js';

// Real tzdata (Debian's tzdata package); scripts/install-test-deps.sh makes sure it is there.
const zone = (name: string) => readFileSync(`/usr/share/zoneinfo/${name}`);
const at = (iso: string) => Date.parse(iso) / 1000;

t.test('footerTypes reads standard and daylight names and UTC offsets', async (t) => {
  t.same(footerTypes('CET-1CEST,M3.5.0,M10.5.0/3'), [
    { abbreviation: 'CET', utcOffset: 3600 },
    { abbreviation: 'CEST', utcOffset: 7200 },
  ]);
  t.same(footerTypes('EST5EDT,M3.2.0,M11.1.0'), [
    { abbreviation: 'EST', utcOffset: -18000 },
    { abbreviation: 'EDT', utcOffset: -14400 },
  ]);
  t.same(footerTypes('IST-5:30'), [{ abbreviation: 'IST', utcOffset: 19800 }]);
  t.same(footerTypes('<+1030>-10:30<+11>-11,M10.1.0,M4.1.0'), [
    { abbreviation: '+1030', utcOffset: 37800 },
    { abbreviation: '+11', utcOffset: 39600 },
  ]);
  t.same(footerTypes(''), []);
});

t.test('abbreviationFromTzif picks the name of the offset in force', async (t) => {
  t.equal(abbreviationFromTzif(zone('Europe/Berlin'), at('2026-01-15T00:00:00Z'), 3600), 'CET');
  t.equal(abbreviationFromTzif(zone('Europe/Berlin'), at('2026-07-15T00:00:00Z'), 7200), 'CEST');
  t.equal(abbreviationFromTzif(zone('America/New_York'), at('2026-07-15T00:00:00Z'), -14400), 'EDT');
  t.equal(abbreviationFromTzif(zone('Asia/Kolkata'), at('2026-07-15T00:00:00Z'), 19800), 'IST');
  t.equal(abbreviationFromTzif(zone('Etc/UTC'), at('2026-07-15T00:00:00Z'), 0), 'UTC');
  t.equal(abbreviationFromTzif(zone('Europe/Berlin'), at('1900-01-01T00:00:00Z'), 3208), 'LMT', 'history before the footer');
  t.equal(abbreviationFromTzif(Buffer.from('not a tzif file'), 0, 0), undefined);
});

t.test('localZoneAbbreviation follows TZ as Go does, and falls back to UTC', async (t) => {
  const now = new Date();
  t.equal(localZoneAbbreviation(now, { TZ: '' }), 'UTC');
  t.equal(localZoneAbbreviation(now, { TZ: 'No/Such_Zone' }), 'UTC');
  const utc = new Date('2026-07-15T00:00:00Z');
  if (utc.getTimezoneOffset() === 0) {
    t.equal(localZoneAbbreviation(utc, { TZ: ':Etc/UTC' }), 'UTC', 'a leading colon is allowed');
  }
});

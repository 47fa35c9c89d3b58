import t from 'tap';
import { parseInfluxUrl, parseRetention, redactedInfluxUrl } from '../../src/config/influxdb.js';

t.test('the database is the last path segment', async (t) => {
  t.same(parseInfluxUrl('K', 'http://127.0.0.1:8086/hostwatch'), { url: 'http://127.0.0.1:8086/hostwatch', database: 'hostwatch' });
  t.same(parseInfluxUrl('K', 'https://u:p@influx.example.net/alert%20history/'), { url: 'https://u:p@influx.example.net/alert%20history/', database: 'alert history' });
  t.same(parseInfluxUrl('K', 'https://proxy.example.net/influx/hw'), { url: 'https://proxy.example.net/influx/hw', database: 'hw' }, "behind a reverse proxy's prefix");
});

t.test('bad URLs are refused by key, without echoing credentials', async (t) => {
  const cases: [string, RegExp][] = [
    ['127.0.0.1:8086/hostwatch', /^K: is not a URL \(e\.g\. http:\/\/127\.0\.0\.1:8086\/hostwatch\)$/],
    ['influx:8086/hostwatch', /^K: scheme must be http or https, not influx$/],
    ['not a url', /^K: is not a URL/],
    ['udp://u:secret@h:8089/db', /^K: scheme must be http or https, not udp$/],
    ['http://u:secret@h:8086', /^K: the path must name the database/],
    ['http://h:8086/db?rp=x', /^K: takes no query or fragment/],
  ];
  for (const [text, message] of cases) {
    t.throws(() => parseInfluxUrl('K', text), { name: 'ConfigError', message }, text);
  }
});

t.test('retention durations', async (t) => {
  for (const good of ['400d', '52w', 'INF', '1h30m', '720h']) t.equal(parseRetention('K', good), good);
  for (const bad of ['', '1 year', '10', 'inf', 'd']) t.throws(() => parseRetention('K', bad), { message: /^K: .* is not an InfluxDB duration/ }, bad);
});

t.test('logs see the URL without its password', async (t) => {
  t.equal(redactedInfluxUrl({ url: 'http://bridge:s3cret@h:8086/hw', database: 'hw', retention: '1d' }), 'http://bridge:redacted@h:8086/hw');
  t.equal(redactedInfluxUrl({ url: 'http://h:8086/hw', database: 'hw', retention: '1d' }), 'http://h:8086/hw');
});

import t from 'tap';
import { InfluxUrlError, parseInfluxUrl } from '../../../src/history/influx/url.js';

t.test('the database is the last path segment', async (t) => {
  t.same(parseInfluxUrl('http://127.0.0.1:8086/hostwatch'), {
    baseUrl: 'http://127.0.0.1:8086',
    protocol: 'http',
    host: '127.0.0.1',
    port: 8086,
    pathPrefix: '',
    database: 'hostwatch',
  });
  t.same(parseInfluxUrl('https://influx.example.org/proxy/influx/hostwatch/'), {
    baseUrl: 'https://influx.example.org/proxy/influx',
    protocol: 'https',
    host: 'influx.example.org',
    port: 443,
    pathPrefix: '/proxy/influx',
    database: 'hostwatch',
  });
  t.equal(parseInfluxUrl('http://influx/my%20db').database, 'my db');
  t.equal(parseInfluxUrl('http://influx/db').port, 80);
  t.same(
    { host: parseInfluxUrl('http://[::1]:8086/db').host, base: parseInfluxUrl('http://[::1]:8086/db').baseUrl },
    { host: '::1', base: 'http://[::1]:8086' },
  );
});

t.test('credentials in the URL are decoded', async (t) => {
  const location = parseInfluxUrl('http://bridge:p%40ss%3Aword@influx:8086/hostwatch');
  t.equal(location.username, 'bridge');
  t.equal(location.password, 'p@ss:word');
  t.equal(location.baseUrl, 'http://influx:8086', 'the base URL carries no credentials');
});

t.test('bad URLs say what is wrong and never echo the password', async (t) => {
  const cases: [string, RegExp][] = [
    ['influx:8086/db', /must use http or https/],
    ['not a url', /is not a URL/],
    ['http://influx:8086', /needs the database/],
    ['http://influx:8086/', /needs the database/],
    ['ftp://influx/db', /must use http or https/],
    ['http://user:secret@influx:8086/db?rp=x', /must not have a query/],
  ];
  for (const [url, message] of cases) {
    const error = (() => {
      try {
        parseInfluxUrl(url);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    t.type(error, InfluxUrlError, url);
    t.match((error as Error).message, message);
    t.notMatch((error as Error).message, /secret/);
  }
});

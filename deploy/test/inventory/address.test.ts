import t from 'tap';
import { formatHostPort, parseHostPort } from '../../src/inventory/address.js';

t.test('host:port, with the default port when one is given', async (t) => {
  t.same(parseHostPort('web1.example.net:9110'), { host: 'web1.example.net', port: 9110 });
  t.same(parseHostPort('web1', 9110), { host: 'web1', port: 9110 });
  t.same(parseHostPort('10.0.0.5:19100'), { host: '10.0.0.5', port: 19100 });
  t.same(parseHostPort('[2001:db8::5]', 9110), { host: '2001:db8::5', port: 9110 });
  t.same(parseHostPort('[::1]:9110'), { host: '::1', port: 9110 });
  t.equal(formatHostPort({ host: '2001:db8::5', port: 9110 }), '[2001:db8::5]:9110');
  t.equal(formatHostPort({ host: 'web1', port: 9110 }), 'web1:9110');
});

t.test('refuses what Prometheus could not scrape as a target, saying why', async (t) => {
  const reason = (text: string, port?: number): string => {
    const parsed = parseHostPort(text, port);
    return 'reason' in parsed ? parsed.reason : 'accepted';
  };
  t.match(reason('web1'), /has no port; expected host:port/);
  t.match(reason('http://web1:9110', 9110), /is a URL/);
  t.match(reason('2001:db8::5', 9110), /in brackets/);
  t.match(reason('[web1]:9110'), /not an IPv6 address/);
  t.match(reason('web1:0'), /port must be a number from 1 to 65535/);
  t.match(reason('web1:65536'), /port must be a number/);
  t.match(reason('web1:http'), /port must be a number/);
  t.match(reason('web 1:9110'), /is not host:port/);
  t.match(reason('web1:9110/metrics'), /port must be a number/);
  t.match(reason('-web1:9110'), /is not host:port/);
});

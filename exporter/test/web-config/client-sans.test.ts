import t from 'tap';
import { hasAllowedSan, parseSubjectAltNames } from '../../src/web-config/client-sans.js';

t.test('parseSubjectAltNames splits Node subjectAltName text', async (t) => {
  t.same(parseSubjectAltNames('DNS:localhost, IP Address:127.0.0.1, email:ops@example.com, URI:spiffe://example/prometheus'), [
    { type: 'DNS', value: 'localhost' },
    { type: 'IP Address', value: '127.0.0.1' },
    { type: 'email', value: 'ops@example.com' },
    { type: 'URI', value: 'spiffe://example/prometheus' },
  ]);
  t.same(parseSubjectAltNames(undefined), []);
  t.same(parseSubjectAltNames(''), []);
});

t.test('parseSubjectAltNames reads the JSON-quoted values Node writes for commas and quotes', async (t) => {
  t.same(parseSubjectAltNames('DNS:"evil.example, DNS:scraper.example", DNS:b.example'), [
    { type: 'DNS', value: 'evil.example, DNS:scraper.example' },
    { type: 'DNS', value: 'b.example' },
  ]);
  t.same(parseSubjectAltNames('URI:"http://x/\\"q\\""'), [{ type: 'URI', value: 'http://x/"q"' }]);
});

t.test('hasAllowedSan wants an exact match of a DNS, e-mail, IP or URI SAN', async (t) => {
  const sans = 'DNS:scraper.example, IP Address:10.0.0.1, email:ops@example.com, URI:spiffe://example/prometheus, DirName:CN=x';
  t.ok(hasAllowedSan(sans, ['scraper.example']));
  t.ok(hasAllowedSan(sans, ['10.0.0.1']));
  t.ok(hasAllowedSan(sans, ['ops@example.com']));
  t.ok(hasAllowedSan(sans, ['other', 'spiffe://example/prometheus']));
  t.notOk(hasAllowedSan(sans, ['Scraper.example']), 'case matters, as in Go');
  t.notOk(hasAllowedSan(sans, ['*.example']));
  t.notOk(hasAllowedSan(sans, ['CN=x']), 'directory names are not SANs Go compares');
  t.notOk(hasAllowedSan('DNS:"evil.example, DNS:scraper.example"', ['scraper.example']), 'a quoted comma does not split');
  t.notOk(hasAllowedSan(undefined, ['scraper.example']));
});

t.test('hasAllowedSan compares IPv6 in Go net.IP.String form', async (t) => {
  t.ok(hasAllowedSan('IP Address:0:0:0:0:0:0:0:1', ['::1']));
  t.ok(hasAllowedSan('IP Address:FD00:0:0:0:0:0:0:A', ['fd00::a']));
  t.notOk(hasAllowedSan('IP Address:0:0:0:0:0:0:0:1', ['0:0:0:0:0:0:0:1']));
});

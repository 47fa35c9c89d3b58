import t from 'tap';
import { parseUpstreamUrl, scrubSecrets, UpstreamUrlError } from '../../src/upstream/upstream-url.js';

t.test('base URLs keep their prefix and lose a trailing slash', async (t) => {
  t.same(parseUpstreamUrl('http://127.0.0.1:9090'), { baseUrl: 'http://127.0.0.1:9090', secrets: [] });
  t.same(parseUpstreamUrl('https://proxy.example.net/prometheus/'), { baseUrl: 'https://proxy.example.net/prometheus', secrets: [] });
  t.same(parseUpstreamUrl('http://[::1]:9093//'), { baseUrl: 'http://[::1]:9093', secrets: [] });
});

t.test('credentials become an Authorization header and leave the base URL', async (t) => {
  const location = parseUpstreamUrl('https://bot:s3cr%40t@proxy.example.net/am');
  t.equal(location.baseUrl, 'https://proxy.example.net/am');
  t.equal(location.authorization, `Basic ${Buffer.from('bot:s3cr@t').toString('base64')}`);
  t.same(new Set(location.secrets), new Set(['s3cr%40t', 's3cr@t', Buffer.from('bot:s3cr@t').toString('base64')]));
  t.equal(scrubSecrets(location, 'echo s3cr@t and s3cr%40t'), 'echo <redacted> and <redacted>');
  const userOnly = parseUpstreamUrl('http://reader@h:9090');
  t.equal(userOnly.authorization, `Basic ${Buffer.from('reader:').toString('base64')}`);
});

t.test('unusable URLs are refused without repeating them', async (t) => {
  const cases: [string, RegExp][] = [
    ['127.0.0.1:9090', /^is not a URL \(e\.g\. http:\/\/127\.0\.0\.1:9090\)$/],
    ['not a url', /^is not a URL/],
    ['ftp://u:hunter2@h/x', /^must use http or https, not ftp$/],
    ['http://h:9090/?x=1', /^takes no query or fragment$/],
    ['http://h:9090/#top', /^takes no query or fragment$/],
    ['http://u:%zz@h:9090', /^has malformed percent-encoding in its credentials$/],
  ];
  for (const [text, reason] of cases) {
    const error = t.throws(() => parseUpstreamUrl(text), UpstreamUrlError, text) as unknown as UpstreamUrlError;
    t.match(error.reason, reason, text);
    t.notMatch(error.message, /hunter2|%zz/);
  }
});

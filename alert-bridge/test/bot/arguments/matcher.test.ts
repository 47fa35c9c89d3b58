import fc from 'fast-check';
import t from 'tap';
import { formatMatcher, matchesEmpty, parseMatcher, type Matcher } from '../../../src/bot/arguments/matcher.js';

const matcherOf = (raw: string): Matcher => {
  const result = parseMatcher(raw);
  if (!('matcher' in result)) throw new Error(`${raw}: ${JSON.stringify(result)}`);
  return result.matcher;
};
const reasonOf = (raw: string): string => {
  const result = parseMatcher(raw);
  return 'reason' in result ? result.reason : `no reason: ${JSON.stringify(result)}`;
};

t.test('the four operators', async (t) => {
  t.same(matcherOf('instance=web1:9100'), { name: 'instance', value: 'web1:9100', isRegex: false, isEqual: true });
  t.same(matcherOf('instance!=web1:9100'), { name: 'instance', value: 'web1:9100', isRegex: false, isEqual: false });
  t.same(matcherOf('instance=~web.*'), { name: 'instance', value: 'web.*', isRegex: true, isEqual: true });
  t.same(matcherOf('instance!~web.*'), { name: 'instance', value: 'web.*', isRegex: true, isEqual: false });
});

t.test('values: bare, quoted, escaped, empty, with operators inside', async (t) => {
  t.equal(matcherOf('instance=~"web.*"').value, 'web.*');
  t.equal(matcherOf('job="node exporter"').value, 'node exporter');
  t.equal(matcherOf('summary="say \\"hi\\""').value, 'say "hi"');
  t.equal(matcherOf('path="C:\\\\temp"').value, 'C:\\temp');
  t.equal(matcherOf('instance=~"web\\d+"').value, 'web\\d+', 'a backslash before anything else stays');
  t.equal(matcherOf('url=a=b').value, 'a=b', 'the first operator splits');
  t.equal(matcherOf('severity=').value, '');
  t.equal(matcherOf('severity=""').value, '');
  t.same(matcherOf('a=~~x'), { name: 'a', value: '~x', isRegex: true, isEqual: true });
  t.equal(matcherOf('_private_1=x').name, '_private_1');
});

t.test('tokens without an operator are not matchers', async (t) => {
  for (const raw of ['2h', 'deploy', 'web1:9100', 'a~b', '"quoted"']) t.same(parseMatcher(raw), { notAMatcher: true }, raw);
});

t.test('bad matchers say why', async (t) => {
  t.match(reasonOf('=web1'), /has no label name before =/);
  t.match(reasonOf('1instance=web1'), /"1instance" is not a label name/);
  t.match(reasonOf('host-name=web1'), /"host-name" is not a label name/);
  t.match(reasonOf('foo!bar=x'), /"foo!bar" is not a label name/);
  t.match(reasonOf('a.b=x'), /"a.b" is not a label name/);
  t.match(reasonOf('instance="web1"x'), /must end at its closing double quote/);
  t.match(reasonOf('instance="a""b"'), /must end at its closing double quote/);
  t.match(reasonOf('instance=a"b c"'), /quote the whole value of instance, e\.g\. instance="a b"/);
});

t.test('regexes are checked', async (t) => {
  t.match(reasonOf('instance=~"web("'), /^the regex of instance is not valid: /);
  t.match(reasonOf('instance!~"[a-"'), /^the regex of instance is not valid: /);
  t.match(reasonOf('instance=~"*web"'), /^the regex of instance is not valid: Nothing to repeat/);
  t.match(reasonOf('instance=~"web(?=1)"'), /lookahead or lookbehind/);
  t.match(reasonOf('instance=~"(?<!x)web"'), /lookahead or lookbehind/);
  t.match(reasonOf('instance=~"(a)\\1"'), /backreference/);
  t.equal(matcherOf('instance=~"(?i)WEB.*"').value, '(?i)WEB.*', "RE2's leading flags are understood");
  t.equal(matcherOf('instance=~"web(?i:PROD)"').value, 'web(?i:PROD)', 'flags further in are left to Alertmanager');
  t.equal(matcherOf('instance=~"(?P<host>web)\\d"').value, '(?P<host>web)\\d', "RE2's named groups");
  t.equal(matcherOf('path=~"C:\\\\\\\\1"').value, 'C:\\\\1', 'an escaped backslash before a digit is no backreference');
  t.equal(matcherOf('instance="web("').value, 'web(', 'equality values are not regexes');
});

t.test('which matchers match the empty string (silence/silence.go matchesEmpty)', async (t) => {
  const cases: [string, boolean][] = [
    ['a=""', true],
    ['a=x', false],
    ['a=~".*"', true],
    ['a=~"x|"', true],
    ['a=~"x?"', true],
    ['a=~".+"', false],
    ['a=~"web.*"', false],
    ['a=~"(?i)x*"', true],
    ['a!=""', false],
    ['a!~".*"', false],
    ['a!=x', false],
  ];
  for (const [raw, empty] of cases) t.equal(matchesEmpty(matcherOf(raw)), empty, raw);
});

t.test('formatting', async (t) => {
  t.equal(formatMatcher(matcherOf('instance=~web.*')), 'instance=~"web.*"');
  t.equal(formatMatcher(matcherOf('a!=b')), 'a!="b"');
  t.equal(formatMatcher(matcherOf('a!~b')), 'a!~"b"');
  t.equal(formatMatcher(matcherOf('a=b')), 'a="b"');
});

t.test('property: a formatted matcher parses back to itself', async (t) => {
  const matcher = fc.record({
    name: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/),
    value: fc.string({ maxLength: 15 }).filter((v) => !v.includes('\\')),
    isRegex: fc.constant(false),
    isEqual: fc.boolean(),
  });
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(matcher, (m) => {
        const again = parseMatcher(formatMatcher(m));
        return 'matcher' in again && JSON.stringify(again.matcher) === JSON.stringify(m);
      }),
    ),
  );
});

t.test('property: parsing never throws', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => typeof parseMatcher(raw) === 'object')));
});

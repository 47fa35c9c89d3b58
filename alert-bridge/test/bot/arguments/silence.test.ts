import fc from 'fast-check';
import t from 'tap';
import { formatMatcher } from '../../../src/bot/arguments/matcher.js';
import { DEFAULT_SILENCE_COMMENT, parseSilenceArguments, SILENCE_USAGE, type SilenceArguments } from '../../../src/bot/arguments/silence.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

const value = (text: string): SilenceArguments => {
  const result = parseSilenceArguments(text);
  if (!result.ok) throw new Error(`${text}: ${result.reason}`);
  return result.value;
};
const reason = (text: string): string => {
  const result = parseSilenceArguments(text);
  if (result.ok) return `accepted: ${JSON.stringify(result.value)}`;
  return result.reason;
};

t.test('the examples from the usage line', async (t) => {
  t.same(value('instance=web1:9100 2h deploy'), {
    matchers: [{ name: 'instance', value: 'web1:9100', isRegex: false, isEqual: true }],
    durationMs: 2 * H,
    comment: 'deploy',
  });
  t.same(value('alertname=HostHighCpu instance=~"web.*" 30m "rolling restart"'), {
    matchers: [
      { name: 'alertname', value: 'HostHighCpu', isRegex: false, isEqual: true },
      { name: 'instance', value: 'web.*', isRegex: true, isEqual: true },
    ],
    durationMs: 30 * M,
    comment: 'rolling restart',
  });
});

t.test('comments', async (t) => {
  t.equal(value('instance=a 1h').comment, DEFAULT_SILENCE_COMMENT, 'none given');
  t.equal(value('instance=a 1h   ').comment, DEFAULT_SILENCE_COMMENT);
  t.equal(value('instance=a 1h ""').comment, DEFAULT_SILENCE_COMMENT, 'an empty quoted comment');
  t.equal(value('instance=a 1h " "').comment, DEFAULT_SILENCE_COMMENT, 'a quoted comment of spaces (found by the property below)');
  t.equal(value('instance=a 1h kernel  upgrade, see "OPS-12"').comment, 'kernel  upgrade, see "OPS-12"', 'the rest as typed');
  t.equal(value('instance=a 1h deploy 2h later x=y').comment, 'deploy 2h later x=y', 'after the duration everything is comment');
  t.equal(value('instance=a 1h "say \\"hi\\""').comment, 'say "hi"');
  t.equal(value('instance=a 1h \u201Crolling restart\u201D').comment, 'rolling restart', "a phone's curly quotes");
});

t.test('durations', async (t) => {
  t.equal(value('instance=a 90s').durationMs, 90_000);
  t.equal(value('instance=a 1m').durationMs, M, 'the minimum');
  t.equal(value('instance=a 1h30m').durationMs, 90 * M);
  t.equal(value('instance=a 1d').durationMs, D);
  t.equal(value('instance=a 1w').durationMs, 7 * D);
  t.equal(value('instance=a 90d').durationMs, 90 * D, 'the maximum');
  t.equal(value('instance=a 12w6d').durationMs, 90 * D);
  t.match(reason('instance=a 59s'), /59s is shorter than the minimum of 1m/);
  t.match(reason('instance=a 0s'), /shorter than the minimum/);
  t.match(reason('instance=a 90d1s'), /"90d1s" is longer than the maximum of 90d/);
  t.match(reason('instance=a 1y'), /longer than the maximum of 90d/);
  t.match(reason('instance=a 99999999999999999999999d'), /longer than the maximum/);
  t.match(reason('instance=a 30'), /the duration 30 needs a unit: 30m, 30h or 30d/);
  t.match(reason('instance=a 1.5h'), /"1\.5h" is not a duration/);
  t.match(reason('instance=a 30m1h'), /"30m1h" is not a duration/);
});

t.test('matchers', async (t) => {
  t.equal(value('a=1 b!=2 c=~3 d!~4 5m').matchers.length, 4);
  t.same(value('job="node exporter" 5m').matchers, [{ name: 'job', value: 'node exporter', isRegex: false, isEqual: true }]);
  t.match(reason('instance 2h'), /"instance" is not a matcher \(e\.g\. instance=web1:9100/);
  t.match(reason('instance=a web2 2h'), /"web2" is neither a matcher nor a duration/);
  t.match(reason('1instance=a 2h'), /"1instance" is not a label name/);
  t.match(reason('instance=~"web(" 2h'), /the regex of instance is not valid/);
  t.match(reason('instance="a 2h'), /double quote is not closed/);
});

t.test('what is missing', async (t) => {
  t.match(reason(''), /give at least one matcher and a duration/);
  t.match(reason('   '), /give at least one matcher and a duration/);
  t.match(reason('instance=web1:9100'), /the duration is missing/);
  t.match(reason('2h deploy'), /give at least one matcher before the duration/);
});

t.test('a silence that would match every alert is refused, as Alertmanager would', async (t) => {
  for (const text of ['alertname=~".*" 1h', 'instance="" 1h', 'a=~".*" b="" 1h', 'a=~"x?" 1h']) {
    t.match(reason(text), /would match every alert/, text);
  }
  for (const text of ['alertname=~".+" 1h', 'a=~".*" instance=web1 1h', 'instance!="" 1h', 'instance!~"web.*" 1h']) {
    t.equal(parseSilenceArguments(text).ok, true, text);
  }
});

t.test('every refusal carries the usage line', async (t) => {
  for (const text of ['', 'x', 'a=b', 'a=b 1s', '"']) {
    const result = parseSilenceArguments(text);
    t.equal(result.ok, false, text);
    if (!result.ok) {
      t.equal(result.usage, SILENCE_USAGE);
      t.notMatch(result.reason, /\n/, 'one line');
    }
  }
});

t.test('property: never throws; accepted arguments are within bounds and have a matcher needing a value', async (t) => {
  const piece = fc.oneof(
    fc.constantFrom('instance=web1:9100', 'alertname=~".*"', 'a!=b', 'x="y z"', '2h', '30s', '1h30m', '91d', 'deploy', '"'),
    fc.string({ maxLength: 10 }),
  );
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const result = parseSilenceArguments(pieces.join(' '));
        if (!result.ok) return result.reason.length > 0 && result.usage === SILENCE_USAGE;
        const { matchers, durationMs, comment } = result.value;
        return matchers.length > 0 && durationMs >= 60_000 && durationMs <= 90 * 86_400_000 && comment.trim() !== '';
      }),
    ),
  );
});

t.test('property: matchers printed as Alertmanager prints them parse back', async (t) => {
  const matcher = fc.record({
    name: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/),
    value: fc.stringMatching(/^[a-zA-Z0-9:. _-]{1,12}$/),
    isRegex: fc.constant(false),
    isEqual: fc.constant(true),
  });
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(matcher, { minLength: 1, maxLength: 4 }), (matchers) => {
        const result = parseSilenceArguments(`${matchers.map(formatMatcher).join(' ')} 1h`);
        return result.ok && JSON.stringify(result.value.matchers) === JSON.stringify(matchers);
      }),
    ),
  );
});

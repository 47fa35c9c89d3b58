import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import t from 'tap';
import { describeViolation, firstViolation, keyPath } from '../../src/schema/violation.js';

t.test('JSON pointers become key paths', async (t) => {
  const value = { alerts: [{ labels: { 'a.b': 1, plain: 2 } }] };
  t.equal(keyPath('/alerts/0/labels/a.b', value), 'alerts[0].labels["a.b"]');
  t.equal(keyPath('/alerts/0/labels/plain', value), 'alerts[0].labels.plain');
  t.equal(keyPath('/x~1y', {}), '["x/y"]');
  t.equal(keyPath('', value), '(top level)');
});

t.test('reasons say what was expected without echoing long or secret values', async (t) => {
  const check = TypeCompiler.Compile(
    Type.Object({
      n: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
      s: Type.Optional(Type.String({ minLength: 1 })),
      e: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
      l: Type.Optional(Type.Array(Type.String())),
    }),
  );
  const describe = (value: unknown): string | undefined => {
    const violation = firstViolation(check, value);
    return violation && describeViolation(violation);
  };
  t.equal(describe({ n: 0 }), 'n: must be at least 1');
  t.equal(describe({ n: 11 }), 'n: must be at most 10');
  t.equal(describe({ n: 1.5 }), 'n: expected an integer');
  t.equal(describe({ s: '' }), 's: must not be empty');
  t.equal(describe({ e: 'c' }), 'e: "c" is not one of a, b');
  t.equal(describe({ e: 'x'.repeat(41) }), 'e: the value is not one of a, b');
  t.equal(describe({ l: 'x' }), 'l: expected an array');
  t.equal(describe([]), '(top level): expected an object');
  t.equal(describe({}), undefined);
});

import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import t from 'tap';
import { firstViolation, keyPath } from '../../src/schema/violation.js';

t.test('key paths tell lists from maps and quote odd keys', async (t) => {
  const value = { hosts: [{ labels: { 'a.b': 'x' } }] };
  t.equal(keyPath('/hosts/0/labels/a.b', value), 'hosts[0].labels["a.b"]');
  t.equal(keyPath('/hosts/0', value), 'hosts[0]');
  t.equal(keyPath('', value), '(top level)');
});

t.test('the first violation in words', async (t) => {
  const check = TypeCompiler.Compile(
    Type.Object(
      {
        n: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
        s: Type.Optional(Type.String({ minLength: 1 })),
        u: Type.Optional(Type.Union([Type.String(), Type.Integer()], { errorMessage: 'expected text or a whole number' })),
      },
      { additionalProperties: false },
    ),
  );
  t.equal(firstViolation(check, { n: 3 }), undefined);
  t.same(firstViolation(check, { n: 0 }), { path: 'n', reason: 'must be at least 1' });
  t.same(firstViolation(check, { n: 10 }), { path: 'n', reason: 'must be at most 9' });
  t.same(firstViolation(check, { n: 1.5 }), { path: 'n', reason: 'expected an integer' });
  t.same(firstViolation(check, { s: '' }), { path: 's', reason: 'must not be empty' });
  t.same(firstViolation(check, { u: true }), { path: 'u', reason: 'expected text or a whole number' });
  t.same(firstViolation(check, { x: 1 }), { path: 'x', reason: 'unknown key (known keys: n, s, u)' });
  t.same(firstViolation(check, []), { path: '(top level)', reason: 'expected a map' });
});

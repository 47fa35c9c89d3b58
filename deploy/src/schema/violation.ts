import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

// The same reporting as alert-bridge/src/schema/violation.ts (one package cannot import the other's
// sources): the first violation, by key path, in words.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `/hosts/0/labels/a.b` → `hosts[0].labels["a.b"]`, walking `value` to tell lists from maps. */
export function keyPath(pointer: string, value: unknown): string {
  let path = '';
  let node = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `${path ? '.' : ''}${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path || '(top level)';
}

const EXPECTED: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.Object]: 'expected a map',
  [ValueErrorType.Array]: 'expected a list',
  [ValueErrorType.String]: 'expected a string',
  [ValueErrorType.Integer]: 'expected an integer',
  [ValueErrorType.Number]: 'expected a number',
  [ValueErrorType.Boolean]: 'expected true or false',
  [ValueErrorType.ObjectRequiredProperty]: 'missing',
};

/** Says why; a schema's `errorMessage` replaces TypeBox's wording for unions and patterns. */
function reason(error: ValueError): string {
  const schema: TSchema = error.schema;
  const custom = (schema as { errorMessage?: unknown }).errorMessage;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys((schema as { properties?: object }).properties ?? {});
    return `unknown key (known keys: ${known.join(', ')})`;
  }
  if (typeof custom === 'string' && (error.type === ValueErrorType.Union || error.type === ValueErrorType.StringPattern)) {
    return custom;
  }
  if (error.type === ValueErrorType.IntegerMinimum || error.type === ValueErrorType.NumberMinimum) {
    return `must be at least ${String(schema.minimum)}`;
  }
  if (error.type === ValueErrorType.IntegerMaximum || error.type === ValueErrorType.NumberMaximum) {
    return `must be at most ${String(schema.maximum)}`;
  }
  if (error.type === ValueErrorType.StringMinLength && schema.minLength === 1) return 'must not be empty';
  if (error.type === ValueErrorType.ArrayMinItems && schema.minItems === 1) return 'must not be empty';
  return EXPECTED[error.type] ?? error.message;
}

export interface Violation {
  /** `hosts[0].thresholds.cpu`; `(top level)` for the value itself. */
  readonly path: string;
  readonly reason: string;
}

/** The first schema violation of the value, or undefined when it matches. */
export function firstViolation<T extends TSchema>(check: TypeCheck<T>, value: unknown): Violation | undefined {
  if (check.Check(value)) return undefined;
  const error = check.Errors(value).First();
  return error ? { path: keyPath(error.path, value), reason: reason(error) } : { path: '(top level)', reason: 'does not match the schema' };
}

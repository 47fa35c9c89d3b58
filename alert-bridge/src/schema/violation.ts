import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `/alerts/0/labels/a.b` → `alerts[0].labels["a.b"]`, walking `value` to tell lists from maps. */
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
  [ValueErrorType.Object]: 'expected an object',
  [ValueErrorType.Array]: 'expected an array',
  [ValueErrorType.String]: 'expected a string',
  [ValueErrorType.Integer]: 'expected an integer',
  [ValueErrorType.Number]: 'expected a number',
  [ValueErrorType.Boolean]: 'expected true or false',
  [ValueErrorType.ObjectRequiredProperty]: 'missing',
};

/**
 * Says why, without echoing the value (it may be a secret) unless it is one of a few allowed words.
 * A schema's `errorMessage` replaces TypeBox's wording for patterns and formats.
 */
function reason(error: ValueError): string {
  const schema: TSchema = error.schema;
  const custom = (schema as { errorMessage?: unknown }).errorMessage;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys((schema as { properties?: object }).properties ?? {});
    return `unknown key (known keys: ${known.join(', ')})`;
  }
  const literals = error.type === ValueErrorType.Literal ? [schema] : (schema.anyOf as TSchema[] | undefined);
  if ((error.type === ValueErrorType.Union || error.type === ValueErrorType.Literal) && literals) {
    const allowed = literals.map((s) => s.const as unknown);
    const shown = typeof error.value === 'string' && error.value.length <= 40 ? JSON.stringify(error.value) : 'the value';
    return `${shown} is not one of ${allowed.join(', ')}`;
  }
  if (error.type === ValueErrorType.IntegerMinimum || error.type === ValueErrorType.NumberMinimum) {
    return `must be at least ${String(schema.minimum)}`;
  }
  if (error.type === ValueErrorType.IntegerMaximum || error.type === ValueErrorType.NumberMaximum) {
    return `must be at most ${String(schema.maximum)}`;
  }
  if (error.type === ValueErrorType.StringMaxLength) return `longer than ${String(schema.maxLength)} characters`;
  if (error.type === ValueErrorType.StringMinLength) return schema.minLength === 1 ? 'must not be empty' : `shorter than ${String(schema.minLength)} characters`;
  if ((error.type === ValueErrorType.StringPattern || error.type === ValueErrorType.StringFormat) && typeof custom === 'string') return custom;
  return EXPECTED[error.type] ?? error.message;
}

export interface Violation {
  /** `alerts[0].startsAt`; `(top level)` for the value itself. */
  readonly path: string;
  readonly reason: string;
}

/** The first schema violation of the value, or undefined when it matches. */
export function firstViolation<T extends TSchema>(check: TypeCheck<T>, value: unknown): Violation | undefined {
  if (check.Check(value)) return undefined;
  const error = check.Errors(value).First();
  return error ? { path: keyPath(error.path, value), reason: reason(error) } : { path: '(top level)', reason: 'does not match the schema' };
}

/** `alerts[0].startsAt: expected an RFC 3339 date-time` */
export function describeViolation(violation: Violation): string {
  return `${violation.path}: ${violation.reason}`;
}

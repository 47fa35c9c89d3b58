import { FormatRegistry, Type, type StringOptions, type TString } from '@sinclair/typebox';
import { isRfc3339 } from '../rfc3339.js';

// TypeBox checks no format until one is registered; the registry is global, so this is done once here.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isRfc3339);

/** An RFC 3339 date-time (`format: date-time` in the OpenAPI document). */
export function DateTime(options: StringOptions = {}): TString {
  return Type.String({ format: 'date-time', errorMessage: 'expected an RFC 3339 date-time', ...options });
}

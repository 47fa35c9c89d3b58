import fc from 'fast-check';

/** Texts that have broken parsers, databases, templates and terminals before. */
export const SPECIAL_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\r\n',
  '\u001b[31mred',
  '\u007f',
  '\u2028\u2029',
  '\ufeff',
  '\ud800',
  'a\udfffb',
  '💥',
  'e\u0301',
  '\u202eevil',
  '\uffff',
  "'; DROP TABLE notifications; --",
  '" OR 1=1 --',
  '<b>&amp;</b><script>',
  '{{.}}{{template "x"}}',
  '${process.env}',
  '%s%n%x',
  '\\',
  '\\"',
  'null',
  'undefined',
  '__proto__',
  '../../etc/passwd',
  'host\tname,tag=x value="y"',
];

const CONTROL = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code));

/** A short hostile text: any code point (lone surrogates too), control characters, or a known troublemaker. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL), maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
);

/**
 * The text with control characters, line and paragraph separators and lone surrogates escaped, so
 * that a hostile value quoted in a test message cannot break TAP's line-based output.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

import { isScalar, parseDocument, visit } from 'yaml';

/**
 * Replaces, anywhere in a YAML document, every scalar equal to a key of `replacements` by its value,
 * keeping comments and layout. Each key must occur at least once: a template that no longer has the
 * address or path the stack rewrites would otherwise run the stack against the shipped defaults.
 */
export function replaceScalars(text: string, replacements: ReadonlyMap<string, string>, source: string): string {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]?.message}`);
  const found = new Set<string>();
  visit(document, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const replacement = replacements.get(node.value);
      if (replacement === undefined) return;
      found.add(node.value);
      node.value = replacement;
    },
  });
  const missing = [...replacements.keys()].filter((value) => !found.has(value));
  if (missing.length > 0) throw new Error(`${source}: expected ${missing.map((value) => JSON.stringify(value)).join(', ')} to rewrite for the local stack, found none`);
  return document.toString({ lineWidth: 0 });
}

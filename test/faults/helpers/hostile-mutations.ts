// Edits to a JSON tree, for turning a good webhook into a nearly good one. A mutation names its place
// by an index into the tree's nodes (modulo their number), so fast-check can shrink it.

export type Mutation =
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'huge'; readonly at: number; readonly length: number; readonly unit: string }
  | { readonly kind: 'extra'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'deep'; readonly at: number; readonly depth: number; readonly shape: 'array' | 'object' };

type Path = readonly (string | number)[];
type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object';

/** Every node below the root, parents before children; with containers, the root too. */
function paths(root: unknown, containersOnly: boolean): Path[] {
  const found: Path[] = containersOnly && isContainer(root) ? [[]] : [];
  const walk = (node: unknown, path: Path): void => {
    if (!isContainer(node)) return;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const child = (node as Record<string | number, unknown>)[key];
      const childPath = [...path, key];
      if (!containersOnly || isContainer(child)) found.push(childPath);
      walk(child, childPath);
    }
  };
  walk(root, []);
  return found;
}

function nodeAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** Sets an own property, `__proto__` included, as JSON.parse would. */
function setOwn(container: Container, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

const placeholder = (n: number): string => `\u0000deep-${n}\u0000`;

/** The JSON text of base after the mutations. Deep nesting is spliced into the text, where recursion cannot overflow. */
export function mutated(base: unknown, mutations: readonly Mutation[]): string {
  const root = { value: JSON.parse(JSON.stringify(base)) as unknown };
  const deep: string[] = [];
  for (const mutation of mutations) {
    if (mutation.kind === 'extra') {
      const targets = paths(root.value, true);
      if (targets.length === 0) continue;
      const target = nodeAt(root.value, targets[mutation.at % targets.length] as Path) as Container;
      setOwn(target, Array.isArray(target) ? target.length : mutation.key, mutation.value);
      continue;
    }
    const targets = paths(root.value, false);
    if (targets.length === 0) continue;
    const path = targets[mutation.at % targets.length] as Path;
    const parent = nodeAt(root.value, path.slice(0, -1)) as Container;
    const key = path.at(-1) as string | number;
    if (mutation.kind === 'remove') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (mutation.kind === 'replace') {
      setOwn(parent, key, mutation.value);
    } else if (mutation.kind === 'huge') {
      setOwn(parent, key, mutation.unit.repeat(mutation.length));
    } else {
      const n = mutation.depth;
      deep.push(mutation.shape === 'array' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
      setOwn(parent, key, placeholder(deep.length - 1));
    }
  }
  let text = JSON.stringify(root.value) ?? 'null';
  deep.forEach((nested, n) => (text = text.replace(JSON.stringify(placeholder(n)), () => nested)));
  return text;
}

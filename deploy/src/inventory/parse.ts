import { parseDocument } from 'yaml';
import { hostWhere, InventoryError } from './inventory-error.js';
import type { Inventory } from './inventory.js';
import { checkInventoryDocument } from './schema.js';
import { validateInventory } from './validate.js';

/**
 * The inventory file's text → a validated inventory. Throws InventoryError naming `source` (the file
 * name, for messages) and the host and key of each problem: YAML syntax first, then the schema's first
 * violation, then every semantic problem.
 */
export function parseInventory(text: string, source: string): Inventory {
  const yaml = parseDocument(text);
  if (yaml.errors.length > 0) {
    throw new InventoryError(
      source,
      yaml.errors.map((error) => {
        const position = error.linePos?.[0];
        return {
          where: position ? `line ${position.line}, column ${position.col}` : '(yaml)',
          reason: error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code,
        };
      }),
    );
  }
  const document: unknown = yaml.toJS();
  const checked = checkInventoryDocument(document);
  if ('violation' in checked) {
    const { path, reason } = checked.violation;
    throw new InventoryError(source, [{ where: withHostAddress(path, document), reason }]);
  }
  const validated = validateInventory(checked.document);
  if ('problems' in validated) throw new InventoryError(source, validated.problems);
  return validated.inventory;
}

/** `hosts[2].thresholds.cpu` → `hosts[2] (web1:9110).thresholds.cpu`, when host 2 has an address. */
function withHostAddress(path: string, document: unknown): string {
  const match = /^hosts\[(\d+)\]/.exec(path);
  if (!match) return path;
  const index = Number(match[1]);
  const hosts = (document as { hosts?: unknown[] }).hosts;
  const address = (hosts?.[index] as { address?: unknown } | undefined)?.address;
  return hostWhere(index, address) + path.slice(match[0].length);
}

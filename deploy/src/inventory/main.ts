#!/usr/bin/env node
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployVersion } from '../version.js';
import { parseCommandLine, UsageError, USAGE } from './cli.js';
import { generateFiles, OUTPUT_PATHS } from './generate.js';
import { InventoryError } from './inventory-error.js';
import { parseInventory } from './parse.js';
import { writeGeneratedFiles } from './write-files.js';

const NAME = 'hostwatch-inventory';

/** prometheus/alertmanager.yml of the repository; src/inventory and dist/inventory are as deep. */
const DEFAULT_TEMPLATE = fileURLToPath(new URL('../../../prometheus/alertmanager.yml', import.meta.url));

/** The path, resolved through symbolic links when it exists, to tell whether two names are one file. */
async function canonical(file: string): Promise<string> {
  return realpath(file).catch(() => path.resolve(file));
}

async function main(): Promise<void> {
  const commandLine = parseCommandLine(process.argv);
  if (commandLine.help) return void process.stdout.write(USAGE);
  if (commandLine.version) return void process.stdout.write(`${NAME} ${deployVersion}\n`);

  const inventoryFile = commandLine.inventory as string;
  const inventory = parseInventory(await readFile(inventoryFile, 'utf8'), inventoryFile);
  if (commandLine.out === undefined) {
    return void process.stdout.write(`${inventoryFile}: valid, ${inventory.hosts.length} hosts\n`);
  }

  const templateFile = commandLine.alertmanagerTemplate ?? DEFAULT_TEMPLATE;
  const outAlertmanager = path.join(commandLine.out, OUTPUT_PATHS.alertmanager);
  // Writing over the template would make the next run merge into its own output.
  if ((await canonical(outAlertmanager)) === (await canonical(templateFile))) {
    throw new UsageError(`--out ${commandLine.out} would overwrite the Alertmanager template ${templateFile}; choose another directory`);
  }
  const template = { text: await readFile(templateFile, 'utf8'), source: path.relative(process.cwd(), templateFile) || templateFile };
  const written = await writeGeneratedFiles(commandLine.out, generateFiles(inventory, template));
  process.stdout.write(written.map((file) => `wrote ${file}\n`).join(''));
}

main().catch((error: unknown) => {
  if (error instanceof InventoryError) {
    process.stderr.write(`${NAME}: invalid inventory\n${error.message.replace(/^/gm, '  ')}\n`);
    process.exitCode = 2;
  } else if (error instanceof UsageError) {
    process.stderr.write(`${NAME}: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    // A file that cannot be read or written, or an AlertmanagerTemplateError: both name the file.
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
});

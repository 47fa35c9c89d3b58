import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StackLayout } from '../layout.js';
import { REPO_PATHS } from '../repo.js';
import type { StackSettings } from '../settings.js';
import { StackError } from '../stack-error.js';
import { pointAlertmanagerAtBridge } from './alertmanager-config.js';
import { renderInfluxdbConfig } from './influxdb-config.js';
import { renderLocalInventory } from './local-inventory.js';
import { renderPrometheusConfig } from './prometheus-config.js';

const run = promisify(execFile);

/** Written by the generator; every other rule file is copied from prometheus/rules. */
const GENERATED_RULES = 'thresholds.yml';

/** The inventory generator as `npm run inventory` runs it; its own messages name the host and key. */
async function generate(inventoryFile: string, outDir: string): Promise<void> {
  try {
    await run(process.execPath, [REPO_PATHS.inventoryMain, '--inventory', inventoryFile, '--out', outDir]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new StackError(`the inventory generator failed on ${inventoryFile}:\n${stderr || (error as Error).message}`);
  }
}

/**
 * Every configuration file of the stack, from the inventory and the shipped files, into the stack's
 * config folder: targets, thresholds and alertmanager.yml from the generator, the other rules copied,
 * prometheus.yml and alertmanager.yml with the stack's ports and token file, influxdb.conf.
 */
export async function writeStackConfig(settings: StackSettings, layout: StackLayout): Promise<void> {
  const rulesDir = path.join(layout.configDir, 'rules');
  await mkdir(rulesDir, { recursive: true });
  let inventoryFile = settings.inventoryFile;
  if (inventoryFile === undefined) {
    inventoryFile = layout.generatedInventory;
    await writeFile(inventoryFile, renderLocalInventory(`127.0.0.1:${settings.ports.exporter}`));
  }
  await generate(inventoryFile, layout.configDir);

  const shippedRules = path.join(REPO_PATHS.prometheusDir, 'rules');
  for (const file of await readdir(shippedRules)) {
    if (file.endsWith('.yml') && file !== GENERATED_RULES) await copyFile(path.join(shippedRules, file), path.join(rulesDir, file));
  }
  const prometheusTemplate = await readFile(path.join(REPO_PATHS.prometheusDir, 'prometheus.yml'), 'utf8');
  await writeFile(layout.prometheusConfig, renderPrometheusConfig(prometheusTemplate, settings.ports));

  const generated = await readFile(layout.alertmanagerConfig, 'utf8');
  const bridge = { url: `http://127.0.0.1:${settings.ports.bridge}`, tokenFile: layout.tokenFile };
  await writeFile(layout.alertmanagerConfig, pointAlertmanagerAtBridge(generated, bridge, layout.alertmanagerConfig));

  await writeFile(
    layout.influxdbConfig,
    renderInfluxdbConfig({ dataDir: layout.dataDir('influxdb'), httpPort: settings.ports.influxdb, rpcPort: settings.ports.influxdbRpc }),
  );
}

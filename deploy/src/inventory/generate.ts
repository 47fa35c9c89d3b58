import { renderAlertmanagerConfig } from './alertmanager.js';
import type { Inventory } from './inventory.js';
import { renderTargets } from './targets.js';
import { renderThresholdRules } from './thresholds.js';

/** Where each file goes, relative to the output directory; prometheus/prometheus.yml reads these. */
export const OUTPUT_PATHS = {
  targets: 'targets/hosts.yml',
  thresholds: 'rules/thresholds.yml',
  alertmanager: 'alertmanager.yml',
} as const;

export interface GeneratedFile {
  /** Relative to the output directory, with forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** Everything the generator writes, as text; reading and writing files is main.ts's job. */
export function generateFiles(inventory: Inventory, alertmanagerTemplate: { text: string; source: string }): GeneratedFile[] {
  return [
    { path: OUTPUT_PATHS.targets, content: renderTargets(inventory) },
    { path: OUTPUT_PATHS.thresholds, content: renderThresholdRules(inventory) },
    {
      path: OUTPUT_PATHS.alertmanager,
      content: renderAlertmanagerConfig(inventory, alertmanagerTemplate.text, alertmanagerTemplate.source),
    },
  ];
}

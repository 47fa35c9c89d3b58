import type { MetricFamily } from '../../exporter/src/metric-family.js';

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (help: string): string => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/**
 * A yardstick, not an implementation: the text format written by plain string concatenation, to
 * show what rendering one scrape costs without building prom-client registries and metric objects.
 */
export function renderWithConcatenation(families: readonly MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {}).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      out += `${family.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${sample.value}\n`;
    }
  }
  return out;
}

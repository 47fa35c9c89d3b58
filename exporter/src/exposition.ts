import type { Labels, MetricFamily, Sample } from './metric-family.js';

export type ExpositionFormat = 'text' | 'openmetrics';

const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** Renders one scrape's families in the format the scraper asked for. */
export function renderFamilies(families: readonly MetricFamily[], format: ExpositionFormat): { contentType: string; body: string } {
  return { contentType: CONTENT_TYPES[format], body: writeExposition(families, format) };
}

/**
 * Writes one scrape's families in the text format 0.0.4 or OpenMetrics 1.0.0, byte for byte as
 * prom-client's Registry.metrics() lays them out (exposition.test.ts holds the two side by side).
 * Not through prom-client itself: the exporter runs without TurboFan to stay within 60 MB (main.ts),
 * and interpreted, prom-client's per-sample formatting allocates 4-5 KB per series; the scavenges that
 * follow made a scrape 1.3x node_exporter's latency (BENCHMARKS.md). prom-client still collects the
 * exporter's own process metrics (ExporterMetrics).
 */
export function writeExposition(families: readonly MetricFamily[], format: ExpositionFormat): string {
  const openMetrics = format === 'openmetrics';
  // The filesystem collector shares one label set per mount across its families: format it once.
  const labelText = new Map<Labels, string>();
  let out = '';
  // Indexed loops: without TurboFan, each step of for...of allocates an iterator result.
  for (let f = 0; f < families.length; f += 1) {
    const family = families[f] as MetricFamily;
    // OpenMetrics names a counter family without _total and its samples with it (prom-client does the same).
    const counter = family.type === 'counter';
    const familyName = openMetrics && counter ? family.name.replace(/_total$/, '') : family.name;
    const sampleName = openMetrics && counter ? `${familyName}_total` : family.name;
    if (f > 0) out += openMetrics ? '\n' : '\n\n';
    out += `# HELP ${familyName} ${escapeHelp(family.help)}\n# TYPE ${familyName} ${family.type}`;
    const samples = family.samples;
    for (let i = 0; i < samples.length; i += 1) {
      const sample = samples[i] as Sample;
      out += `\n${sample.name ?? sampleName}`;
      if (sample.labels) {
        let text = labelText.get(sample.labels);
        if (text === undefined) {
          text = formatLabels(sample.labels);
          labelText.set(sample.labels, text);
        }
        out += text;
      }
      out += ` ${formatValue(sample.value)}`;
    }
  }
  return openMetrics ? `${out}\n# EOF\n` : `${out}\n`;
}

function formatLabels(labels: Labels): string {
  let text = '';
  for (const name in labels) {
    text += `${text === '' ? '{' : ','}${name}="${escapeLabelValue(labels[name] as string)}"`;
  }
  return text === '' ? '' : `${text}}`;
}

// Tested first: a replace() that finds nothing still allocates, and almost nothing needs escaping.
const LABEL_VALUE_ESCAPES = /[\\\n"]/;
const HELP_ESCAPES = /[\\\n]/;

function escapeLabelValue(value: string): string {
  if (!LABEL_VALUE_ESCAPES.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return HELP_ESCAPES.test(help) ? help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : help;
}

function formatValue(value: number): string {
  if (Number.isFinite(value)) return `${value}`;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

// Turns the figures the fault suite recorded (one JSON line per promise, test/faults/helpers/
// reliability-report.ts) into the results section of RELIABILITY.md.
// Run by scripts/test-faults.sh: node --import tsx scripts/reliability-report.ts RESULTS.jsonl RELIABILITY.md
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { writeReportSection } from '../bench/lib/report-section.js';
import type { ReliabilityResult } from '../test/faults/helpers/reliability-report.js';

const [resultsFile, reportFile] = process.argv.slice(2);
if (!resultsFile || !reportFile) throw new Error('usage: reliability-report.ts RESULTS.jsonl RELIABILITY.md');

const lines = (await readFile(resultsFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');
const results = lines.map((line) => JSON.parse(line) as ReliabilityResult).sort((a, b) => a.test.localeCompare(b.test));
const cell = (value: unknown): string => String(value).replace(/\|/g, '\\|');
const rows = results.map(
  (result) =>
    `| ${cell(result.promise)} | \`${result.test}\` | ${Object.entries(result.figures)
      .map(([name, value]) => `${name.replace(/_/g, ' ')}: **${cell(value)}**`)
      .join(', ')} |`,
);
const lost = results.reduce((sum, result) => sum + (Number(result.figures.lost) || 0), 0);
const duplicates = results.reduce((sum, result) => sum + (Number(result.figures.duplicates) || 0), 0);
const section = `## Results of the last run

\`npm run test:faults\`, ${new Date().toISOString()}, ${results.length} promises measured. Lost in all: **${lost}**. Duplicated in all: **${duplicates}**.

| promise | test | figures |
| --- | --- | --- |
${rows.join('\n')}
`;
await writeReportSection(pathToFileURL(reportFile), 'reliability-results', section);
process.stdout.write(section);

// Hostwatch's exporter against node_exporter, side by side; see BENCHMARKS.md for what it measures.
// Markdown goes to stdout (and BENCHMARKS.md with --write), progress to stderr.
import { PROMETHEUS_2_42_HEADERS } from './lib/http-scraper.js';
import { measureIdleSettling } from './lib/idle-settling.js';
import { describeMachine } from './lib/machine.js';
import { measureModuleCosts } from './lib/module-costs.js';
import { commandLine, parseBenchOptions } from './lib/options.js';
import { benchPlan } from './lib/plan.js';
import { profileHostwatch } from './lib/profile-run.js';
import { renderReport } from './lib/report.js';
import { measureRssComposition } from './lib/rss-composition.js';
import { runSession, type SessionResult } from './lib/session.js';
import { measureStageCosts } from './lib/stage-costs.js';
import { compareWithSysteminformation } from './lib/systeminformation-comparison.js';
import { writeReportSection } from './lib/report-section.js';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);

const progress = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const plan = benchPlan(options.quick);
  const date = new Date();
  const machine = await describeMachine();

  const mainSession = await runSession(plan.main, progress);
  const variants: SessionResult[] = [];
  for (const variant of plan.variants) variants.push(await runSession(variant, progress));

  progress('timing the stages of one scrape in-process');
  const stageCosts = await measureStageCosts(plan.callBudgets.stages);
  progress('profiling our exporter (node --cpu-prof)');
  const profile = await profileHostwatch(plan.profile.warmUpScrapes, plan.profile.scrapes, PROMETHEUS_2_42_HEADERS);
  progress('splitting our RSS');
  const composition = await measureRssComposition(plan.compositionCheckpoints, PROMETHEUS_2_42_HEADERS);
  progress('following RSS with time between scrapes');
  const settling = await measureIdleSettling(plan.settling, PROMETHEUS_2_42_HEADERS);
  progress('measuring what each module costs');
  const moduleCosts = await measureModuleCosts();
  // Last, and in this process: it loads systeminformation here, and no exporter is running.
  const systeminformation = await compareWithSysteminformation(plan.callBudgets, progress);

  const report = renderReport({
    machine,
    command: commandLine(options),
    date,
    quick: options.quick,
    plan,
    main: mainSession,
    variants,
    stageCosts,
    profile,
    composition,
    settling,
    moduleCosts,
    systeminformation,
  });
  process.stdout.write(report);
  if (options.write) {
    await writeReportSection(REPORT_FILE, 'exporter-bench', report);
    progress('wrote BENCHMARKS.md');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

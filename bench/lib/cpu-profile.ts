/** A V8 .cpuprofile as written by `node --cpu-prof`. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface FrameCost {
  readonly frame: string;
  readonly category: string;
  readonly ms: number;
}

export interface ProfileSummary {
  /** Sampled time in the window that was not (idle). */
  readonly busyMs: number;
  readonly byCategory: readonly { category: string; ms: number }[];
  readonly topSelf: readonly FrameCost[];
  /** Our exporter's and its packages' functions, with everything they call. */
  readonly topInclusive: readonly FrameCost[];
}

/** Groups a frame by who owns the code: a package, our exporter, node core, or V8 itself. */
export function categorize(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return functionName;
    return 'V8 builtins';
  }
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.includes('/exporter/dist/')) return 'hostwatch exporter';
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules|exporter\/dist)\//, '').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

/** Inclusive time is listed for our code and packages only: node core's emit() and friends are on every stack. */
function isOwnedCode(node: ProfileNode): boolean {
  const category = categorize(node.callFrame.url, node.callFrame.functionName);
  return category !== 'node core' && !category.startsWith('V8') && !category.startsWith('(') && category !== 'other';
}

function top(costs: Map<string, FrameCost>, n: number): FrameCost[] {
  return [...costs.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
}

function addCost(costs: Map<string, FrameCost>, node: ProfileNode, ms: number): void {
  const frame = frameName(node);
  const category = categorize(node.callFrame.url, node.callFrame.functionName);
  costs.set(frame, { frame, category, ms: (costs.get(frame)?.ms ?? 0) + ms });
}

/**
 * Self and inclusive time per frame, counting only samples whose timestamp (CLOCK_MONOTONIC µs,
 * as process.hrtime) falls in [fromUs, toUs), so start-up and warm-up are left out.
 */
export function summarizeProfile(profile: CpuProfile, fromUs: number, toUs: number, topN = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const categories = new Map<string, number>();
  const self = new Map<string, FrameCost>();
  const inclusive = new Map<string, FrameCost>();
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i] ?? 0;
    // A sample stands for the interval up to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node || time < fromUs || time >= toUs || node.callFrame.functionName === '(idle)') return;
    const category = categorize(node.callFrame.url, node.callFrame.functionName);
    categories.set(category, (categories.get(category) ?? 0) + ms);
    addCost(self, node, ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at) as ProfileNode;
      const name = frameName(frame);
      if (seen.has(name) || !isOwnedCode(frame)) continue;
      seen.add(name);
      addCost(inclusive, frame, ms);
    }
  });
  return {
    busyMs: [...categories.values()].reduce((a, b) => a + b, 0),
    byCategory: [...categories].map(([category, ms]) => ({ category, ms })).sort((a, b) => b.ms - a.ms),
    topSelf: top(self, topN),
    topInclusive: top(inclusive, topN),
  };
}

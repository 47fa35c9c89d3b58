import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.js';
import { launchHostwatch, shippedNodeFlags } from './exporter-under-test.js';
import { sharedExporterFlags } from './session.js';
import { warmUp } from './side-by-side.js';

export interface ProfileRun {
  readonly scrapes: number;
  readonly intervalUs: number;
  readonly summary: ProfileSummary;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Profiles our exporter alone, under its shipped flags and `node --cpu-prof`; only the measured scrapes are summarized. */
export async function profileHostwatch(
  warmUpScrapes: number,
  scrapes: number,
  headers: OutgoingHttpHeaders,
  intervalUs = 100,
): Promise<ProfileRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostwatch-cpu-prof-'));
  try {
    const ours = await launchHostwatch([...shippedNodeFlags(), '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${intervalUs}`], {
      exporterFlags: sharedExporterFlags(true),
      memoryEvery: Number.MAX_SAFE_INTEGER,
    });
    let from: number;
    let to: number;
    try {
      await warmUp([ours], warmUpScrapes, headers);
      from = nowUs();
      for (let i = 0; i < scrapes; i += 1) await ours.scrape(headers);
      to = nowUs();
    } finally {
      await ours.stop(); // the profile is written when the process exits
    }
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    return { scrapes, intervalUs, summary: summarizeProfile(profile, from, to) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

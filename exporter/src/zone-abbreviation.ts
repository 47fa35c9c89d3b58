import { readFileSync } from 'node:fs';

/**
 * The abbreviation of the local time zone now ("UTC", "CET", "CEST", "IST"), read from the TZif file
 * as Go's time.Now().Zone() does for node_exporter. Intl could name the zone too, but its formatter
 * pages in ~6 MB of ICU data and says "GMT+1" where Go says "CET".
 */
export function localZoneAbbreviation(now: Date, env: NodeJS.ProcessEnv = process.env): string {
  const utcOffsetSeconds = -now.getTimezoneOffset() * 60;
  const tz = env.TZ;
  const file = tz === undefined ? '/etc/localtime' : `/usr/share/zoneinfo/${tz.replace(/^:/, '')}`;
  const tzif = tz === '' ? undefined : loadZoneFile(file);
  return (tzif && abbreviationFromTzif(tzif, now.getTime() / 1000, utcOffsetSeconds)) ?? 'UTC';
}

// Read once per process, as Go loads time.Local once: the process's offsets come from the zone it
// started with too (Date caches it), so re-reading the file each scrape would only cost time.
const zoneFiles = new Map<string, Buffer | undefined>();

function loadZoneFile(file: string): Buffer | undefined {
  if (!zoneFiles.has(file)) {
    try {
      zoneFiles.set(file, readFileSync(file));
    } catch {
      // Go falls back to UTC for a zone it cannot load; so does Date, so the offset agrees.
      zoneFiles.set(file, undefined);
    }
  }
  return zoneFiles.get(file);
}

interface LocalTimeType {
  readonly utcOffset: number;
  readonly abbreviation: string;
}

/**
 * Picks the abbreviation whose offset is the one in force: from the POSIX TZ footer when there is one
 * (it governs times after the last transition, i.e. now, in current tzdata), else from the latest
 * transition at or before `unixSeconds`. RFC 8536 describes the format.
 */
export function abbreviationFromTzif(data: Buffer, unixSeconds: number, utcOffsetSeconds: number): string | undefined {
  if (data.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const version = data[4] ?? 0;
  let block = readBlock(data, 0, 4);
  if (version >= 0x32 && block.end + 44 <= data.length) block = readBlock(data, block.end, 8);

  if (version >= 0x32) {
    const footer = data.toString('latin1', block.end).split('\n')[1] ?? '';
    const match = footerTypes(footer).find((type) => type.utcOffset === utcOffsetSeconds);
    if (match) return match.abbreviation;
  }
  for (let i = block.transitions.length - 1; i >= 0; i -= 1) {
    const transition = block.transitions[i] as { at: number; type: number };
    const type = block.types[transition.type];
    if (transition.at <= unixSeconds && type?.utcOffset === utcOffsetSeconds) return type.abbreviation;
  }
  return block.types.find((type) => type.utcOffset === utcOffsetSeconds)?.abbreviation;
}

function readBlock(data: Buffer, start: number, timeSize: 4 | 8) {
  const count = (i: number) => data.readUInt32BE(start + 20 + i * 4);
  const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = [0, 1, 2, 3, 4, 5].map(count) as number[];
  let at = start + 44;
  const times: number[] = [];
  for (let i = 0; i < timecnt!; i += 1, at += timeSize) {
    times.push(timeSize === 4 ? data.readInt32BE(at) : Number(data.readBigInt64BE(at)));
  }
  const transitions = times.map((time, i) => ({ at: time, type: data[at + i] ?? 0 }));
  at += timecnt!;
  const typesStart = at;
  const charsStart = typesStart + typecnt! * 6;
  const types: LocalTimeType[] = [];
  for (let i = 0; i < typecnt!; i += 1) {
    const offset = typesStart + i * 6;
    const designation = charsStart + (data[offset + 5] ?? 0);
    types.push({
      utcOffset: data.readInt32BE(offset),
      abbreviation: data.toString('latin1', designation, data.indexOf(0, designation)),
    });
  }
  const end = charsStart + charcnt! + leapcnt! * (timeSize + 4) + isstdcnt! + isutcnt!;
  return { transitions, types, end };
}

/** The standard and daylight types of a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`. */
export function footerTypes(tz: string): LocalTimeType[] {
  const match = /^(<[^>]+>|[A-Za-z]+)([+-]?\d+(?::\d+){0,2})(<[^>]+>|[A-Za-z]+)?([+-]?\d+(?::\d+){0,2})?/.exec(tz);
  if (!match) return [];
  const name = (text: string) => text.replace(/^<|>$/g, '');
  // POSIX offsets count west of Greenwich, the opposite sign of a UTC offset.
  const seconds = (text: string) => {
    const sign = text.startsWith('-') ? -1 : 1;
    const [h = 0, m = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
    return -sign * (h * 3600 + m * 60 + s);
  };
  const standard = { abbreviation: name(match[1] as string), utcOffset: seconds(match[2] as string) };
  if (!match[3]) return [standard];
  const daylightOffset = match[4] ? seconds(match[4]) : standard.utcOffset + 3600;
  return [standard, { abbreviation: name(match[3]), utcOffset: daylightOffset }];
}

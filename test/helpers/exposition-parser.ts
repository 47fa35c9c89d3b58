/**
 * Parses what an exporter serves: the Prometheus text format 0.0.4 and OpenMetrics 1.0.0 text. No
 * installed package parses either (prom-client only renders), so tests use this one. It is as strict as
 * Prometheus's own parsers (common/expfmt/text_parse.go, prometheus/model/textparse/openmetricsparse.go)
 * on what would make a scrape fail or silently lose data: bad escapes, a family split in two, a series
 * given twice, metadata after samples. It does not support OpenMetrics exemplars.
 */
export type ExpositionFormat = 'text' | 'openmetrics';

export type ParsedMetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'unknown'
  | 'gaugehistogram'
  | 'info'
  | 'stateset';

export interface ParsedSample {
  /** The sample's own name, e.g. `x_bucket` in family `x`, or `x_total` in OpenMetrics counter `x`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Milliseconds in the text format, seconds in OpenMetrics, as written. */
  readonly timestamp?: number;
}

export interface ParsedFamily {
  readonly name: string;
  readonly type: ParsedMetricType;
  readonly help?: string;
  readonly unit?: string;
  readonly samples: readonly ParsedSample[];
}

export class ExpositionParseError extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`line ${lineNumber}: ${reason}`);
    this.name = 'ExpositionParseError';
  }
}

const TYPES: Record<ExpositionFormat, readonly ParsedMetricType[]> = {
  text: ['counter', 'gauge', 'histogram', 'summary', 'untyped'],
  openmetrics: ['counter', 'gauge', 'histogram', 'summary', 'unknown', 'gaugehistogram', 'info', 'stateset'],
};

/** The suffixes a family's samples may add to its name, per format (from each format's spec). */
const SUFFIXES: Record<ExpositionFormat, Partial<Record<ParsedMetricType, readonly string[]>>> = {
  text: { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] },
  openmetrics: {
    counter: ['_total', '_created'],
    histogram: ['_bucket', '_sum', '_count', '_created'],
    gaugehistogram: ['_bucket', '_gsum', '_gcount'],
    summary: ['', '_sum', '_count', '_created'],
    info: ['_info'],
  },
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const WHOLE_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface FamilyBuilder {
  name: string;
  type?: ParsedMetricType;
  help?: string;
  unit?: string;
  samples: ParsedSample[];
}

/** Parses a float as Go's strconv.ParseFloat does for exposition values: decimals, ±Inf, NaN. */
export function parseSampleValue(token: string): number {
  if (DECIMAL.test(token)) return Number(token);
  switch (token.toLowerCase()) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'nan':
      return NaN;
    default:
      throw new Error(`"${token}" is not a number`);
  }
}

function unescape(text: string, allowed: string): string {
  return text.replace(/\\(.?)/g, (_, char: string) => {
    if (char === '' || !allowed.includes(char)) throw new Error(`invalid escape sequence "\\${char}"`);
    return char === 'n' ? '\n' : char;
  });
}

/** Reads one sample line; whitespace between tokens is free in the text format, one space in OpenMetrics. */
class SampleLineReader {
  private at = 0;

  constructor(
    private readonly line: string,
    private readonly format: ExpositionFormat,
  ) {}

  read(): ParsedSample {
    const name = this.take(METRIC_NAME, 'metric name');
    const labels: Record<string, string> = {};
    if (this.format === 'text' && /^[ \t]*\{/.test(this.line.slice(this.at))) this.skipBlanks();
    if (this.line[this.at] === '{') this.readLabels(labels);
    this.separator('before the value');
    const value = parseSampleValue(this.token('value'));
    if (this.format === 'text') this.skipBlanks();
    else if (this.line.startsWith(' # ', this.at)) throw new Error('exemplars are not supported');
    else if (this.at < this.line.length) this.separator('before the timestamp');
    let timestamp: number | undefined;
    if (this.at < this.line.length) {
      timestamp = this.readTimestamp();
      if (this.format === 'text') this.skipBlanks();
    }
    if (this.at < this.line.length) throw new Error(`unexpected "${this.line.slice(this.at)}" after the sample`);
    return { name, labels, value, ...(timestamp === undefined ? {} : { timestamp }) };
  }

  /** Integer milliseconds in the text format; seconds, possibly fractional, in OpenMetrics. */
  private readTimestamp(): number {
    const token = this.token('timestamp');
    const valid = this.format === 'text' ? /^-?\d+$/.test(token) : DECIMAL.test(token);
    if (!valid) throw new Error(`"${token}" is not a valid timestamp`);
    return Number(token);
  }

  private readLabels(labels: Record<string, string>): void {
    this.at += 1; // {
    for (;;) {
      this.skipBlanksInText();
      if (this.line[this.at] === '}') break;
      const name = this.take(LABEL_NAME, 'label name');
      if (name in labels) throw new Error(`label "${name}" given twice`);
      this.skipBlanksInText();
      this.expect('=');
      this.skipBlanksInText();
      labels[name] = this.quoted();
      this.skipBlanksInText();
      if (this.line[this.at] === ',') {
        this.at += 1;
        continue;
      }
      if (this.line[this.at] !== '}') throw new Error(`expected "," or "}" at column ${this.at + 1}`);
    }
    this.at += 1; // }
  }

  private quoted(): string {
    this.expect('"');
    const start = this.at;
    while (this.at < this.line.length && this.line[this.at] !== '"') this.at += this.line[this.at] === '\\' ? 2 : 1;
    if (this.at >= this.line.length) throw new Error('unterminated label value');
    const raw = this.line.slice(start, this.at);
    this.at += 1;
    return unescape(raw, '\\"n');
  }

  private take(pattern: RegExp, what: string): string {
    const match = pattern.exec(this.line.slice(this.at));
    if (!match) throw new Error(`expected a ${what} at column ${this.at + 1}`);
    this.at += match[0].length;
    return match[0];
  }

  private token(what: string): string {
    const match = /^[^ \t]+/.exec(this.line.slice(this.at));
    if (!match) throw new Error(`missing ${what}`);
    this.at += match[0].length;
    return match[0];
  }

  private expect(char: string): void {
    if (this.line[this.at] !== char) throw new Error(`expected "${char}" at column ${this.at + 1}`);
    this.at += 1;
  }

  private separator(where: string): void {
    const blanks = this.format === 'text' ? /^[ \t]+/ : /^ /;
    const match = blanks.exec(this.line.slice(this.at));
    if (!match) throw new Error(`expected a space ${where} at column ${this.at + 1}`);
    this.at += match[0].length;
  }

  private skipBlanks(): void {
    while (this.line[this.at] === ' ' || this.line[this.at] === '\t') this.at += 1;
  }

  private skipBlanksInText(): void {
    if (this.format === 'text') this.skipBlanks();
  }
}

function seriesKey(sample: ParsedSample): string {
  const labels = Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([sample.name, labels]);
}

/**
 * Parses a whole exposition into its families, keyed by family name in the order they appear. Throws an
 * ExpositionParseError naming the line of the first problem.
 */
export function parseExposition(text: string, format: ExpositionFormat = 'text'): Map<string, ParsedFamily> {
  const families = new Map<string, FamilyBuilder>();
  /** Which family each sample name belongs to, once that family has been seen. */
  const owners = new Map<string, FamilyBuilder>();
  const series = new Set<string>();
  let current: FamilyBuilder | undefined;
  let ended = false;

  const sampleNames = (family: FamilyBuilder): string[] =>
    (SUFFIXES[format][family.type ?? 'untyped'] ?? ['']).map((suffix) => family.name + suffix);

  const open = (name: string): FamilyBuilder => {
    if (current?.name === name) return current;
    if (families.has(name) || owners.has(name)) throw new Error(`metric family "${name}" is not contiguous`);
    current = { name, samples: [] };
    families.set(name, current);
    for (const sampleName of sampleNames(current)) owners.set(sampleName, current);
    return current;
  };

  const metadata = (keyword: string, name: string, rest: string): void => {
    if (!WHOLE_METRIC_NAME.test(name)) throw new Error(`invalid metric name "${name}"`);
    const family = open(name);
    if (family.samples.length > 0) throw new Error(`# ${keyword} for "${name}" comes after its samples`);
    if (keyword === 'HELP') {
      if (family.help !== undefined) throw new Error(`second # HELP for "${name}"`);
      family.help = unescape(rest, format === 'text' ? '\\n' : '\\n"');
    } else if (keyword === 'UNIT') {
      if (family.unit !== undefined) throw new Error(`second # UNIT for "${name}"`);
      family.unit = rest;
    } else {
      if (family.type !== undefined) throw new Error(`second # TYPE for "${name}"`);
      const type = rest as ParsedMetricType;
      if (!TYPES[format].includes(type)) throw new Error(`unknown metric type "${rest}"`);
      // The type decides which sample names the family owns: `x` while untyped, `x_total` as an OpenMetrics counter.
      for (const sampleName of sampleNames(family)) owners.delete(sampleName);
      family.type = type;
      for (const sampleName of sampleNames(family)) {
        if (owners.has(sampleName)) throw new Error(`sample name "${sampleName}" already belongs to another family`);
        owners.set(sampleName, family);
      }
    }
  };

  const lines = text.split('\n');
  if (format === 'openmetrics') {
    if (lines.pop() !== '') throw new ExpositionParseError(lines.length + 1, 'the last line does not end with a newline');
  }
  lines.forEach((line, index) => {
    try {
      if (ended) throw new Error('content after # EOF');
      if (line.trim() === '') {
        if (format === 'openmetrics') throw new Error('empty line');
        return;
      }
      if (line.startsWith('#')) {
        const match = /^#[ \t]+(HELP|TYPE|UNIT)[ \t]+(\S+)(?:[ \t](.*))?$/.exec(line);
        if (format === 'openmetrics' && line === '# EOF') {
          ended = true;
        } else if (match && (match[1] !== 'UNIT' || format === 'openmetrics')) {
          metadata(match[1] as string, match[2] as string, match[3] ?? '');
        } else if (format === 'openmetrics') {
          throw new Error('comments other than HELP, TYPE, UNIT and EOF are not allowed');
        }
        return; // the text format ignores other comments
      }
      const sample = new SampleLineReader(line, format).read();
      let family = owners.get(sample.name);
      if (!family) {
        const named = families.get(sample.name);
        if (named) throw new Error(`sample "${sample.name}" does not belong in ${named.type ?? 'untyped'} family "${named.name}"`);
        family = open(sample.name);
      }
      if (family !== current) throw new Error(`metric family "${family.name}" is not contiguous`);
      const key = seriesKey(sample);
      if (series.has(key)) throw new Error(`series ${key} given twice`);
      series.add(key);
      family.samples.push(sample);
    } catch (error) {
      if (error instanceof ExpositionParseError) throw error;
      throw new ExpositionParseError(index + 1, error instanceof Error ? error.message : String(error));
    }
  });
  if (format === 'openmetrics' && !ended) throw new ExpositionParseError(lines.length, 'missing # EOF');

  const untyped: ParsedMetricType = format === 'text' ? 'untyped' : 'unknown';
  return new Map(
    [...families].map(([name, f]) => [
      name,
      {
        name,
        type: f.type ?? untyped,
        ...(f.help === undefined ? {} : { help: f.help }),
        ...(f.unit === undefined ? {} : { unit: f.unit }),
        samples: f.samples,
      },
    ]),
  );
}

/** The samples one collector reads in one scrape, grouped the way Prometheus exposes them. */
export type MetricType = 'gauge' | 'counter' | 'histogram' | 'summary';

export type Labels = Record<string, string>;

export interface Sample {
  /** Where it differs from the family's: a histogram's _bucket, _sum and _count samples. */
  readonly name?: string;
  readonly labels?: Labels;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Every label a sample of this family carries, in exposition order. */
  readonly labelNames?: readonly string[];
  readonly samples: readonly Sample[];
}

export function gauge(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: 'gauge', samples: [{ value }] };
}

export function counter(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: 'counter', samples: [{ value }] };
}

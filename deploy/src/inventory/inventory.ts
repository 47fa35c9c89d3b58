/** The resources a host has a threshold for, in the order files list them. */
export const RESOURCES = ['cpu', 'memory', 'filesystem'] as const;
export type Resource = (typeof RESOURCES)[number];

/** Percentages, 1–100. */
export type Thresholds = Readonly<Record<Resource, number>>;

/** What Hostwatch applies to a host that has no threshold of its own. */
export const DEFAULT_THRESHOLDS: Thresholds = { cpu: 75, memory: 75, filesystem: 75 };

export interface Host {
  /** host:port as Prometheus scrapes it, and so the `instance` label of its series and alerts. */
  readonly address: string;
  /** Extra target labels, carried by every series and alert of the host. */
  readonly labels: Readonly<Record<string, string>>;
  /** Only the resources the inventory overrides. */
  readonly thresholds: Partial<Thresholds>;
  /** `chatid` or `chatid:threadid`; the bridge's default chat when absent. */
  readonly telegramChat?: string;
  /** Who gets the host's alerts by e-mail too; empty for none. */
  readonly email: readonly string[];
}

export interface Smtp {
  readonly smarthost: string;
  readonly from: string;
  readonly hello?: string;
  readonly authUsername?: string;
  readonly authPasswordFile?: string;
  readonly requireTls?: boolean;
}

/** A validated inventory; hosts keep the file's order, so generated files diff well. */
export interface Inventory {
  readonly defaults: Thresholds;
  readonly hosts: readonly Host[];
  readonly smtp?: Smtp;
}

/** A setting that stops start-up; `key` is the environment variable or YAML key at fault. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`${key}: ${reason}`);
    this.name = 'ConfigError';
  }
}

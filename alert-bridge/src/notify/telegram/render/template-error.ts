/** A message template that cannot be used, with the file it came from and what is wrong with it. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`message template ${file}: ${problem}`);
    this.name = 'TemplateError';
  }
}

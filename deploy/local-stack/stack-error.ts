/** Something `up`, `down` or `status` could not do; the message says what and where. Exit code 1. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}

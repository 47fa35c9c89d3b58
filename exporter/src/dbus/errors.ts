/** The peer answered with a D-Bus error (unknown property, no such unit...), as opposed to a transport failure. */
export class DBusErrorReply extends Error {
  constructor(
    what: string,
    readonly errorName: string,
    text: string,
  ) {
    super(`${what} failed: ${errorName}: ${text}`);
    this.name = 'DBusErrorReply';
  }
}

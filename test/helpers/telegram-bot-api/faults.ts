/**
 * A failure the fake plays instead of answering. `methods` narrows it to some Bot API methods; without it
 * a fault hits every method, except `too-many-requests`, which hits the sending methods
 * (sendMessage, editMessageText) so that long polling keeps working.
 */
export type Fault =
  /** setFault: the port refuses connections and open ones are destroyed. failNext: the connection is reset. */
  | { kind: 'offline'; methods?: readonly string[] }
  /** An HTTP error, by default as the HTML page Telegram's nginx sends for 5xx, or as a JSON envelope. */
  | { kind: 'status'; status: number; body?: 'html' | 'json'; methods?: readonly string[] }
  /** 429 with parameters.retry_after, like a flood wait. */
  | { kind: 'too-many-requests'; retryAfter: number; methods?: readonly string[] }
  /** The request is read and never answered; with afterProcessing it takes effect first (the answer is lost). */
  | { kind: 'hang'; afterProcessing?: boolean; methods?: readonly string[] };

export const SENDING_METHODS: readonly string[] = ['sendMessage', 'editMessageText'];

export function validateFault(fault: Fault): void {
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) {
    throw new Error(`a status fault needs an HTTP error status 400-599, got ${fault.status}`);
  }
  if (fault.kind === 'too-many-requests' && !(Number.isInteger(fault.retryAfter) && fault.retryAfter > 0)) {
    throw new Error(`retryAfter is whole seconds (at least 1) like Telegram's, got ${fault.retryAfter}`);
  }
  if (!['offline', 'status', 'too-many-requests', 'hang'].includes(fault.kind)) {
    throw new Error(`unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}`);
  }
}

const applies = (fault: Fault, method: string): boolean =>
  (fault.methods ?? (fault.kind === 'too-many-requests' ? SENDING_METHODS : undefined))?.includes(method) ?? true;

/** Which fault, if any, the next request for a method meets: a pending failNext first, then the standing one. */
export class FaultSchedule {
  private standing: Fault | undefined;
  private next: { fault: Fault; remaining: number }[] = [];

  get current(): Fault | undefined {
    return this.standing;
  }

  set(fault: Fault | undefined): void {
    if (fault) validateFault(fault);
    this.standing = fault;
  }

  failNext(count: number, fault: Fault): void {
    if (!(Number.isInteger(count) && count > 0)) throw new Error(`failNext needs a positive request count, got ${count}`);
    validateFault(fault);
    this.next.push({ fault, remaining: count });
  }

  /** Takes the fault for this request, consuming one use of a failNext. */
  take(method: string): Fault | undefined {
    const pending = this.next.find((entry) => applies(entry.fault, method));
    if (pending) {
      pending.remaining--;
      this.next = this.next.filter((entry) => entry.remaining > 0);
      return pending.fault;
    }
    return this.standing && applies(this.standing, method) ? this.standing : undefined;
  }
}

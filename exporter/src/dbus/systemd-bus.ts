import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Message, MessageType } from 'dbus-next';
import { DBusErrorReply } from './errors.js';

/**
 * A small D-Bus client for the systemd collector, on dbus-next's transport. The collector imports it
 * only when it first scrapes, so hosts that switch the collector off never load dbus-next (~9 MB).
 */

const SYSTEMD = 'org.freedesktop.systemd1';

/** dbus-next's transport: SASL handshake and message framing (what its MessageBus is built on). */
interface DBusTransport extends EventEmitter {
  readonly stream: { destroy?(): void };
  message(message: Message): void;
}

// dbus-next's MessageBus is not used: it always sends Hello, which systemd's private socket answers
// with an error that MessageBus rethrows as an unhandled rejection; it never fails calls in flight
// when the socket closes; and disconnect() only half-closes the socket.
const createTransport = createRequire(import.meta.url)('dbus-next/lib/connection.js') as (options: {
  busAddress: string;
}) => DBusTransport;

interface Call {
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly destination?: string;
  readonly signature?: string;
  readonly body?: unknown[];
}

export interface BusTarget {
  readonly address: string;
  /** For error messages, e.g. "the D-Bus system bus". */
  readonly description: string;
  /** A bus daemon wants Hello first; systemd's private socket is peer-to-peer and has none. */
  readonly hello: boolean;
}

/** One connection, used for one scrape. Every wait is bounded by the scrape's deadline. */
export class SystemdBus {
  private serial = 0;
  private readonly pending = new Map<number, (reply: Message | Error) => void>();
  private failure: Error | undefined;
  private readonly connected: Promise<void>;
  private rejectConnected: (error: Error) => void = () => {};

  private constructor(
    private readonly transport: DBusTransport,
    private readonly deadline: number,
  ) {
    this.connected = new Promise((resolve, reject) => {
      transport.once('connect', () => resolve());
      this.rejectConnected = reject;
    });
    transport.on('message', (message: Message) => {
      if (message.type !== MessageType.METHOD_RETURN && message.type !== MessageType.ERROR) return;
      this.pending.get(Number(message.replySerial))?.(message);
    });
    transport.on('error', (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    transport.on('end', () => this.fail(new Error('the peer closed the connection')));
  }

  /** Connects, authenticates and (on a bus) says Hello, or rejects saying where it could not connect. */
  static async connect(target: BusTarget, deadline: number): Promise<SystemdBus> {
    let bus: SystemdBus | undefined;
    try {
      bus = new SystemdBus(createTransport({ busAddress: target.address }), deadline);
      await bus.bounded(bus.connected, 'the authentication handshake');
      if (target.hello) {
        await bus.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'Hello' });
      }
      return bus;
    } catch (error) {
      bus?.close();
      throw new Error(`cannot connect to ${target.description} at ${target.address}: ${(error as Error).message}`);
    }
  }

  async call(call: Call, what = call.member): Promise<unknown[]> {
    if (this.failure) throw this.failure;
    const serial = ++this.serial;
    const reply = new Promise<Message | Error>((resolve) => this.pending.set(serial, resolve));
    try {
      // Throws when the socket is already closed.
      this.transport.message(new Message({ destination: SYSTEMD, ...call, serial }));
      const message = await this.bounded(reply, what);
      if (message instanceof Error) throw message;
      if (message.type === MessageType.ERROR) throw new DBusErrorReply(what, message.errorName, String(message.body[0]));
      return message.body;
    } finally {
      this.pending.delete(serial);
    }
  }

  async property(path: string, iface: string, name: string): Promise<unknown> {
    const get = { path, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: [iface, name] };
    const [variant] = await this.call(get, `Get ${name}`);
    return (variant as { value: unknown }).value;
  }

  /** Destroys the socket, so none lingers half-closed, and fails whatever still waits. */
  close(): void {
    this.fail(new Error('connection closed'));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.transport.stream.destroy?.();
    this.rejectConnected(error);
    for (const settle of this.pending.values()) settle(error);
    this.pending.clear();
  }

  private bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    const ms = Math.max(0, this.deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

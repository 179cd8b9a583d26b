// The clients attached to one console (TCP and WebSocket alike): every one sees the output, the
// first one to attach while nobody writes gets write access, later ones are read-only viewers.
import { RingBuffer } from './ring-buffer.js';

export interface ConsoleClient {
  send(data: Buffer): void;
  /** A message from Tyr itself (not console bytes): writer status, SOL restarts, shutdown. */
  notice(message: string, writer?: boolean): void;
  /** `final`: the console was disabled (clients should not reconnect). */
  close(reason: string, final: boolean): void;
}

export class Fanout {
  private readonly clients = new Set<ConsoleClient>();
  private readonly warned = new WeakSet<ConsoleClient>();
  private writer?: ConsoleClient;
  private readonly replay: RingBuffer;

  constructor(
    replayBytes: number,
    private readonly input: (data: Buffer) => void,
  ) {
    this.replay = new RingBuffer(replayBytes);
  }

  get size(): number {
    return this.clients.size;
  }

  isWriter(client: ConsoleClient): boolean {
    return this.writer === client;
  }

  /** Adds a client, replays recent output to it, and tells it whether it may write. */
  attach(client: ConsoleClient, opts: { readOnly?: boolean } = {}): { writer: boolean } {
    this.clients.add(client);
    const recent = this.replay.contents();
    if (recent.length) client.send(recent);
    if (opts.readOnly) {
      this.warned.add(client);
      client.notice('attached read-only: your API role may only read', false);
      return { writer: false };
    }
    if (!this.writer) {
      this.writer = client;
      client.notice('attached with write access', true);
      return { writer: true };
    }
    client.notice('attached read-only: another client has write access to this console', false);
    return { writer: false };
  }

  detach(client: ConsoleClient): void {
    this.clients.delete(client);
    if (this.writer === client) this.writer = undefined;
  }

  /** Input from a client: forwarded for the writer, refused (once, with a notice) for viewers. */
  fromClient(client: ConsoleClient, data: Buffer): void {
    if (this.writer === client) {
      this.input(data);
    } else if (!this.warned.has(client)) {
      this.warned.add(client);
      client.notice('read-only: input ignored, another client has write access to this console', false);
    }
  }

  output(data: Buffer): void {
    this.replay.push(data);
    for (const c of this.clients) c.send(data);
  }

  notice(message: string): void {
    for (const c of this.clients) c.notice(message);
  }

  closeAll(reason: string, final: boolean): void {
    for (const c of [...this.clients]) c.close(reason, final);
    this.clients.clear();
    this.writer = undefined;
  }
}

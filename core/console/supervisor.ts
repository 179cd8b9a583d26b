// The console sessions of this process, one per node with an enabled console: a supervised
// console program, the clients attached to it, and its TCP port from console.port_range.
// Console interfaces (e.g. ipmitool-socat) start and stop sessions; the WebSocket endpoint
// attaches clients to them. Nothing here knows about IPMI.
import type net from 'node:net';
import type { Config } from '../config.js';
import { NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import { Fanout, type ConsoleClient } from './fanout.js';
import { PortAllocator } from './port-allocator.js';
import { DEFAULT_BACKOFF, SupervisedChild, type Backoff, type ConsoleProgram } from './supervised-child.js';
import { closeConsolePort, listenConsolePort } from './tcp-port.js';

const DISABLED = 'console disabled';

interface Session {
  port: number;
  server: net.Server;
  fanout: Fanout;
  child: SupervisedChild;
}

export interface ConsoleSupervisorOptions {
  log: Logger;
  backoff?: Backoff;
}

export class ConsoleSupervisor {
  private readonly sessions = new Map<string, Session>();
  private readonly ports: PortAllocator;
  private readonly host: string;
  private readonly publicHost: string;
  private readonly replayBytes: number;

  constructor(
    config: Pick<Config, 'console'>,
    private readonly opts: ConsoleSupervisorOptions,
  ) {
    this.ports = new PortAllocator(config.console.port_range);
    this.host = config.console.host;
    this.publicHost = config.console.public_host || config.console.host;
    this.replayBytes = config.console.replay_bytes;
  }

  /**
   * Starts (or restarts, with a fresh program) the session of `nodeUuid`. Resolves once its
   * port listens; the program itself starts in the background and is restarted while enabled.
   */
  async start(nodeUuid: string, program: ConsoleProgram): Promise<{ port: number }> {
    await this.stop(nodeUuid, 'console restarted');
    const log = this.opts.log.child({ node_uuid: nodeUuid });
    let child: SupervisedChild | undefined;
    const fanout = new Fanout(this.replayBytes, (data) => child?.write(data));
    const busy = new Set<number>();
    for (;;) {
      const port = this.ports.allocate(nodeUuid, busy);
      try {
        const server = await listenConsolePort(fanout, this.host, port);
        child = new SupervisedChild(
          program,
          { output: (d) => fanout.output(d), notice: (m) => fanout.notice(m) },
          log,
          this.opts.backoff ?? DEFAULT_BACKOFF,
        );
        this.sessions.set(nodeUuid, { port, server, fanout, child });
        child.start();
        log.info({ port }, 'console session started');
        return { port };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
          this.ports.release(nodeUuid);
          throw err;
        }
        busy.add(port); // another program holds it: try the next one
      }
    }
  }

  /** Closes the clients, kills the program (and its process group), frees the port. */
  async stop(nodeUuid: string, reason = DISABLED): Promise<void> {
    const s = this.sessions.get(nodeUuid);
    if (!s) return;
    this.sessions.delete(nodeUuid);
    s.fanout.closeAll(reason, reason === DISABLED);
    await s.child.stop();
    await closeConsolePort(s.server);
    this.ports.release(nodeUuid);
    this.opts.log.info({ node_uuid: nodeUuid, port: s.port }, 'console session stopped');
  }

  /** Shutdown: every session stops; the nodes keep console_enabled, so a restart resumes them. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((uuid) => this.stop(uuid, 'Tyr is shutting down')));
  }

  /** console_info of a running session. */
  info(nodeUuid: string): { type: 'socat'; url: string } | undefined {
    const s = this.sessions.get(nodeUuid);
    if (!s) return undefined;
    const host = this.publicHost.includes(':') ? `[${this.publicHost}]` : this.publicHost;
    return { type: 'socat', url: `tcp://${host}:${s.port}` };
  }

  has(nodeUuid: string): boolean {
    return this.sessions.has(nodeUuid);
  }

  /** The program's PID right now (tests). */
  pid(nodeUuid: string): number | undefined {
    return this.sessions.get(nodeUuid)?.child.pid;
  }

  /** Attaches a client (WebSocket); returns its writer status and how to feed it input. */
  attach(
    nodeUuid: string,
    client: ConsoleClient,
    opts: { readOnly?: boolean } = {},
  ): { writer: boolean; input(data: Buffer): void; detach(): void } {
    const s = this.sessions.get(nodeUuid);
    if (!s) {
      throw new NotFound(
        `Node ${nodeUuid} has no console session in this Tyr process. Enable it first: ` +
          `PUT /v1/nodes/${nodeUuid}/states/console {"enabled": true}.`,
      );
    }
    const { writer } = s.fanout.attach(client, opts);
    return { writer, input: (d) => s.fanout.fromClient(client, d), detach: () => s.fanout.detach(client) };
  }
}

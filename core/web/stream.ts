// GET /ui/api/stream: node changes as server-sent events (protocol/web-ui.ts StreamEvent). One
// ChangePoller per process serves every subscriber; it runs only while someone listens. The
// number of subscribers is bounded (each holds a socket), and stop() ends them all so the
// process can shut down.
import type { Response } from 'express';
import { Router } from 'express';
import type { StreamEvent } from '../../protocol/web-ui.js';
import { ironicTimestamps } from '../api/app.js';
import type { Store } from '../db/store.js';
import { ServiceUnavailable } from '../errors.js';
import type { Logger } from '../log.js';
import { ChangePoller } from './change-poller.js';
import type { NodeEventBus } from './node-events.js';
import { nodeRow } from './node-row.js';

export interface NodeStreamOptions {
  maxClients: number;
  pollMs?: number;
  keepAliveMs?: number;
}

// Timestamps as every JSON response of the API writes them (+00:00), so the console compares like with like.
function frame(e: StreamEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data, ironicTimestamps)}\n\n`;
}

export class NodeStream {
  private readonly clients = new Set<Response>();
  private poller: ChangePoller | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly unsubscribeBus: () => void;

  constructor(
    private readonly store: Store,
    bus: NodeEventBus,
    private readonly log: Logger,
    private readonly opts: NodeStreamOptions,
  ) {
    this.unsubscribeBus = bus.onDeleted((uuid) => this.deleted(uuid));
  }

  get subscribers(): number {
    return this.clients.size;
  }

  router(): Router {
    const router = Router();
    router.get('/ui/api/stream', (req, res) => {
      if (this.clients.size >= this.opts.maxClients) {
        throw new ServiceUnavailable(
          `This API process already streams to ${this.opts.maxClients} clients (api.ui_stream_max_clients); close other console tabs or raise the limit.`,
        );
      }
      res.status(200).set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        // A reverse proxy must pass events through as they come, not buffer them.
        'X-Accel-Buffering': 'no',
        Connection: 'keep-alive',
      });
      res.flushHeaders();
      res.write(frame({ event: 'hello', data: { at: new Date().toISOString() } }));
      this.add(res);
      req.on('close', () => this.remove(res));
    });
    return router;
  }

  /** Ends every stream and the poller (process shutdown). */
  async stop(): Promise<void> {
    this.unsubscribeBus();
    for (const res of [...this.clients]) {
      this.clients.delete(res);
      res.end();
    }
    await this.idle();
  }

  private add(res: Response): void {
    this.clients.add(res);
    if (this.clients.size > 1) return;
    const poller = new ChangePoller(
      this.store,
      { changed: (node) => this.broadcast({ event: 'node', data: nodeRow(node) }), deleted: (uuid) => this.deleted(uuid) },
      this.log,
      this.opts.pollMs ?? 1_000,
    );
    this.poller = poller;
    poller.start().catch((err: unknown) => {
      this.log.error({ err }, 'the console change stream could not start reading node changes; its clients are disconnected to retry');
      for (const client of [...this.clients]) client.end();
    });
    this.keepAlive = setInterval(() => this.send(': keep-alive\n\n'), this.opts.keepAliveMs ?? 15_000);
  }

  private remove(res: Response): void {
    if (!this.clients.delete(res) || this.clients.size > 0) return;
    void this.idle();
  }

  /** Stops the poller and keep-alives once nobody listens. */
  private async idle(): Promise<void> {
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    const poller = this.poller;
    this.poller = undefined;
    await poller?.stop();
  }

  private deleted(uuid: string): void {
    this.poller?.forget(uuid);
    this.broadcast({ event: 'node-deleted', data: { uuid } });
  }

  private broadcast(e: StreamEvent): void {
    this.send(frame(e));
  }

  private send(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

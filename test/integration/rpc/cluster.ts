// A small scale-out cluster in one test process: real Conductors (each with its own RingView and
// its rpcRouter on its own loopback listener, registered with its rpc_url) over one real database,
// and a RemoteConductor on top, the way an API process uses them.
import type http from 'node:http';
import express from 'express';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import { createConductor, type Conductor } from '../../../core/conductor/conductor.js';
import { RingView } from '../../../core/conductor/ring/ring-view.js';
import { openDatabase, type DialectName } from '../../../core/db/connect.js';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { Store } from '../../../core/db/store.js';
import type { Node } from '../../../core/db/types.js';
import { builtinImplementations } from '../../../core/drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES } from '../../../core/drivers/hardware-types.js';
import { DriverRegistry } from '../../../core/drivers/registry.js';
import { boundPort, closeServer, listenThenServe } from '../../../core/listen.js';
import { rootLogger } from '../../../core/log.js';
import { RemoteConductor } from '../../../core/rpc/client.js';
import { rpcRouter } from '../../../core/rpc/server.js';
import { conductorNodeMatching } from '../../../core/processes/node-matching.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { freshDatabaseUrl } from '../../helpers/databases.js';

export const SECRET = 'cluster-test-secret';

export interface Member {
  host: string;
  conductor: Conductor;
  ring: RingView;
  server: http.Server;
  url: string;
  /** The RPC router's log: one debug line per call it ran. */
  rpcLog: ReturnType<typeof captureLogger>;
  listening: boolean;
}

export interface Cluster {
  config: Config;
  store: Store;
  registry: DriverRegistry;
  members: Member[];
  apiRing: RingView;
  apiLog: ReturnType<typeof captureLogger>;
  remote: RemoteConductor;
  member(host: string): Member;
  createNode(values?: Partial<Node>): Promise<Node>;
  /** How often each member's RPC router ran a method (answered or refused), by host. */
  callsSeen(method: string): Record<string, number>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(dialect: DialectName, hosts: string[], env: Record<string, string> = {}): Promise<Cluster> {
  rootLogger().level = 'silent';
  const config = loadConfig({
    env: {
      TYR_DATABASE_URL: await freshDatabaseUrl(dialect), TYR_SERVICE_HOST: 'api-1', TYR_RPC_SECRET: SECRET,
      TYR_RPC_RETRIES: '2', TYR_RPC_TIMEOUT_MS: '5000',
      // Nothing periodic interferes: the test marks conductors offline itself.
      TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '3600', TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '7200', TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0',
      TYR_CONDUCTOR_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
      ...env,
    },
  });
  const db = await openDatabase(config.database.url, { sqliteSynchronous: 'normal' });
  await migrateToLatest(db);
  const store = new Store(db);
  const registry = new DriverRegistry(config, builtinImplementations(), BUILTIN_HARDWARE_TYPES);
  const members: Member[] = [];
  for (const host of hosts) {
    // As `tyr conductor` does it: bind first, so the conductor registers with its real URL.
    const { server, serve } = await listenThenServe('127.0.0.1', 0, 'RPC', 'rpc-port');
    const url = `http://127.0.0.1:${boundPort(server)}`;
    const ring = new RingView(store, config);
    const conductor = createConductor({ config, store, registry, host, ring, urls: { rpc_url: url }, log: rootLogger().child({ host }) });
    await conductor.start();
    const rpcLog = captureLogger();
    const app = express();
    app.use(rpcRouter(conductor, { secret: SECRET, log: rpcLog.log }));
    serve(app);
    members.push({ host, conductor, ring, server, url, rpcLog, listening: true });
  }
  const apiRing = new RingView(store, config);
  const apiLog = captureLogger();
  const remote = new RemoteConductor({ store, ring: apiRing, matching: conductorNodeMatching(store, config), registry, config, log: apiLog.log });
  return {
    config, store, registry, members, apiRing, apiLog, remote,
    member: (host) => members.find((m) => m.host === host)!,
    async createNode(values = {}) {
      const checked = registry.checkNode({ driver: 'fake-hardware', ...values });
      return store.nodes.create({ ...(checked as Node) });
    },
    callsSeen(method) {
      const out: Record<string, number> = {};
      for (const m of members) out[m.host] = m.rpcLog.lines().filter((l) => (l.msg === 'RPC call' || l.msg === 'RPC call refused') && l.method === method).length;
      return out;
    },
    async idle() {
      await Promise.all(members.map((m) => m.conductor.idle()));
    },
    async close() {
      for (const m of members) {
        if (m.listening) await closeServer(m.server);
        await m.conductor.stop();
      }
      await store.close();
    },
  };
}

// Several real Conductor instances in this test process over one real database, as `tyr conductor`
// processes would run them: each with its own host name, its own connection (Store), its own
// RingView over the conductors table and the framework's fake hardware; plus the API side (its own
// RingView and a RemoteConductor). With `rpc`, each conductor also serves its RPC router on a
// loopback listener and registers that URL, so the RemoteConductor reaches it over HTTP.
// For `tyr` child processes instead, see tyr-cluster.ts.
import type http from 'node:http';
import express from 'express';
import { loadConfig } from '../../core/config-load.js';
import type { Config } from '../../core/config.js';
import { createConductor, type Conductor } from '../../core/conductor/conductor.js';
import { RingView } from '../../core/conductor/ring/ring-view.js';
import { openDatabase, type DialectName } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { Store } from '../../core/db/store.js';
import type { Node } from '../../core/db/types.js';
import { builtinImplementations } from '../../core/drivers/builtin.js';
import { DriverCatalog } from '../../core/drivers/catalog.js';
import { FakePower } from '../../core/drivers/fake/power.js';
import { BUILTIN_HARDWARE_TYPES } from '../../core/drivers/hardware-types.js';
import type { PowerState } from '../../core/drivers/interfaces/power.js';
import type { NodeContext } from '../../core/drivers/interfaces/task.js';
import { DriverRegistry } from '../../core/drivers/registry.js';
import { boundPort, closeServer, listenThenServe } from '../../core/listen.js';
import { RemoteConductor } from '../../core/rpc/client.js';
import { rpcRouter } from '../../core/rpc/server.js';
import { conductorNodeMatching } from '../../core/processes/node-matching.js';
import { captureLogger } from './capture-log.js';
import { freshDatabaseUrl } from './databases.js';
import { testLogger } from './test-logger.js';

export const RPC_SECRET = 'cluster-test-secret';

/**
 * Fake power that notes the UUID of every node whose power state it is asked for: fake hardware
 * has no BMC to watch, and "which conductor touched this node" is what ownership tests ask.
 */
export class CountingPower extends FakePower {
  readonly asked: string[] = [];
  override async getPowerState(ctx: NodeContext): Promise<PowerState | null> {
    this.asked.push(ctx.node.uuid);
    return super.getPowerState(ctx);
  }
}

export interface RpcEndpoint {
  server: http.Server;
  url: string;
  /** The RPC router's log: one debug line per call it ran. */
  log: ReturnType<typeof captureLogger>;
  /** Cleared by a test that closes `server` itself, so close() does not close it twice. */
  listening: boolean;
}

export interface Member {
  host: string;
  store: Store;
  ring: RingView;
  conductor: Conductor;
  power: CountingPower;
  /** Writes the conductors row as start() would, without starting any timer. */
  register(): Promise<void>;
  /** Only with the `rpc` option. */
  rpc?: RpcEndpoint;
}

export interface ClusterOptions {
  /** TYR_* settings over the defaults below. */
  env?: Record<string, string>;
  /** Start every conductor (registers it and starts its timers); otherwise tests run passes themselves. */
  start?: boolean;
  /** An RPC listener per conductor, reached by `remote`. */
  rpc?: boolean;
}

export interface Cluster {
  config: Config;
  /** A connection of its own, for the test's setup and checks (and the API side). */
  store: Store;
  /** The API side's registry (each member has its own, with its CountingPower). */
  registry: DriverRegistry;
  /** What the API side reads of the drivers live conductors registered. */
  catalog: DriverCatalog;
  members: Member[];
  member(host: string): Member;
  apiRing: RingView;
  apiLog: ReturnType<typeof captureLogger>;
  /** The API side's way to the conductors; needs the `rpc` option to reach them. */
  remote: RemoteConductor;
  createNode(values?: Partial<Node>): Promise<Node>;
  /** How often each member's RPC router ran a method (answered or refused), by host. */
  callsSeen(method: string): Record<string, number>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Conductors `hosts` over a fresh database of `dialect`. */
export async function startCluster(dialect: DialectName, hosts: string[], opts: ClusterOptions = {}): Promise<Cluster> {
  const url = await freshDatabaseUrl(dialect);
  const config = loadConfig({
    env: {
      TYR_DATABASE_URL: url,
      TYR_SERVICE_HOST: 'api-1',
      TYR_RPC_SECRET: RPC_SECRET,
      TYR_RPC_RETRIES: '2',
      TYR_RPC_TIMEOUT_MS: '5000',
      // Nothing periodic interferes: tests mark conductors offline or run passes themselves.
      TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '3600',
      TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '7200',
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0',
      TYR_CONDUCTOR_CHECK_PROVISION_STATE_INTERVAL: '86400',
      TYR_CONDUCTOR_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
      // Ring views follow the conductors table within a second, since tests change it directly.
      TYR_CONDUCTOR_HASH_RING_RESET_INTERVAL: '1',
      ...opts.env,
    },
  });
  const open = async () => new Store(await openDatabase(url, { sqliteSynchronous: 'normal' }));
  const store = await open();
  await migrateToLatest(store.db);
  const registry = new DriverRegistry(config, builtinImplementations(), BUILTIN_HARDWARE_TYPES);
  const members: Member[] = [];
  const close = async () => {
    for (const m of members) {
      if (m.rpc?.listening) await closeServer(m.rpc.server);
      await m.conductor.stop().catch(() => undefined);
      await m.store.close();
    }
    await store.close();
  };
  try {
    for (const host of hosts) members.push(await startMember(host, url, config, opts));
  } catch (err) {
    await close();
    throw err;
  }
  const apiRing = new RingView(store, config);
  const apiLog = captureLogger();
  const catalog = new DriverCatalog(store, config.conductor.heartbeat_timeout);
  const remote = new RemoteConductor({
    store,
    ring: apiRing,
    matching: conductorNodeMatching(store, config),
    catalog,
    config,
    log: apiLog.log,
  });
  return {
    config,
    store,
    registry,
    catalog,
    members,
    apiRing,
    apiLog,
    remote,
    close,
    member: (host) => members.find((m) => m.host === host)!,
    createNode: (values = {}) => store.nodes.create({ ...(registry.checkNode({ driver: 'fake-hardware', ...values }) as Node) }),
    callsSeen(method) {
      const seen: Record<string, number> = {};
      for (const m of members) {
        seen[m.host] = (m.rpc?.log.lines() ?? []).filter(
          (l) => (l.msg === 'RPC call' || l.msg === 'RPC call refused') && l.method === method,
        ).length;
      }
      return seen;
    },
    async idle() {
      await Promise.all(members.map((m) => m.conductor.idle()));
    },
  };
}

async function startMember(host: string, dbUrl: string, config: Config, opts: ClusterOptions): Promise<Member> {
  const store = new Store(await openDatabase(dbUrl, { sqliteSynchronous: 'normal' }));
  const power = new CountingPower();
  const impls = builtinImplementations();
  const registry = new DriverRegistry(config, { ...impls, power: { ...impls.power, fake: () => power } }, BUILTIN_HARDWARE_TYPES);
  const ring = new RingView(store, config);
  // As `tyr conductor` does it: bind first, so the conductor registers with its real URL.
  const listener = opts.rpc ? await listenThenServe('127.0.0.1', 0, 'RPC', 'rpc-port') : undefined;
  const rpcUrl = listener && `http://127.0.0.1:${boundPort(listener.server)}`;
  const conductor = createConductor({
    config,
    store,
    registry,
    host,
    ring,
    log: testLogger().child({ host }),
    ...(rpcUrl ? { urls: { rpc_url: rpcUrl } } : {}),
  });
  const register = async () => {
    await store.conductors.register(host, config.conductor.conductor_group, registry.hardwareTypeNames());
  };
  if (opts.start) await conductor.start();
  let rpc: RpcEndpoint | undefined;
  if (listener && rpcUrl) {
    const log = captureLogger();
    const app = express();
    app.use(rpcRouter(conductor, { secret: RPC_SECRET, log: log.log }));
    listener.serve(app);
    rpc = { server: listener.server, url: rpcUrl, log, listening: true };
  }
  return { host, store, ring, conductor, power, register, rpc };
}

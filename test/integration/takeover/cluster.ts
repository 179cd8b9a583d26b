// Several real Conductor instances on one database, as `tyr conductor` processes would run them:
// each with its own host name, its own connection (Store) and its own RingView over the
// conductors table, and the framework's fake hardware. Fake power is wrapped to record which
// conductor asked a BMC for which node: fake hardware has no BMC to watch, and the question
// "who touched this node" is exactly what ownership must answer.
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import { createConductor, type Conductor } from '../../../core/conductor/conductor.js';
import { RingView } from '../../../core/conductor/ring/ring-view.js';
import { openDatabase, type DialectName } from '../../../core/db/connect.js';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { Store } from '../../../core/db/store.js';
import type { Node } from '../../../core/db/types.js';
import { builtinImplementations } from '../../../core/drivers/builtin.js';
import { FakePower } from '../../../core/drivers/fake/power.js';
import type { PowerState } from '../../../core/drivers/interfaces/power.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { BUILTIN_HARDWARE_TYPES } from '../../../core/drivers/hardware-types.js';
import { DriverRegistry } from '../../../core/drivers/registry.js';
import { testLogger } from '../../helpers/test-logger.js';
import { freshDatabaseUrl } from '../../helpers/databases.js';

/** Fake power that notes the UUID of every node whose power state it is asked for. */
class CountingPower extends FakePower {
  readonly asked: string[] = [];
  override async getPowerState(ctx: NodeContext): Promise<PowerState | null> {
    this.asked.push(ctx.node.uuid);
    return super.getPowerState(ctx);
  }
}

export interface Member {
  host: string;
  store: Store;
  ring: RingView;
  conductor: Conductor;
  power: CountingPower;
  /** Writes the conductors row as start() would, without starting any timer. */
  register(): Promise<void>;
}

export interface Cluster {
  config: Config;
  /** A connection of its own, for the test's setup and checks. */
  store: Store;
  members: Member[];
  createNode(values?: Partial<Node>): Promise<Node>;
  close(): Promise<void>;
}

/**
 * Conductors `hosts` over a fresh database of `dialect`, not started (start() registers one and
 * starts its timers; register() only registers). Timers are off or far apart by default so tests
 * run passes themselves.
 */
export async function cluster(dialect: DialectName, hosts: string[], env: Record<string, string> = {}): Promise<Cluster> {
  const log = testLogger();
  const url = await freshDatabaseUrl(dialect);
  const config = loadConfig({
    env: {
      TYR_DATABASE_URL: url, TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '1800', TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '3600',
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0', TYR_CONDUCTOR_CHECK_PROVISION_STATE_INTERVAL: '86400',
      TYR_CONDUCTOR_HASH_RING_RESET_INTERVAL: '1', TYR_CONDUCTOR_NODE_LOCKED_RETRY_INTERVAL_MS: '20', ...env,
    },
  });
  const open = async () => new Store(await openDatabase(url, { sqliteSynchronous: 'normal' }));
  const store = await open();
  await migrateToLatest(store.db);
  const members: Member[] = [];
  for (const host of hosts) {
    const own = await open();
    const power = new CountingPower();
    const impls = builtinImplementations();
    const registry = new DriverRegistry(config, { ...impls, power: { ...impls.power, fake: () => power } }, BUILTIN_HARDWARE_TYPES);
    const ring = new RingView(own, config);
    const register = async () => { await own.conductors.register(host, config.conductor.conductor_group, registry.hardwareTypeNames()); };
    members.push({ host, store: own, ring, power, register, conductor: createConductor({ config, store: own, registry, host, ring, log: log.child({ host }) }) });
  }
  return {
    config, store, members,
    createNode: (values = {}) => store.nodes.create({ driver: 'fake-hardware', ...values }),
    async close() {
      for (const m of members) {
        await m.conductor.stop().catch(() => undefined);
        await m.store.close();
      }
      await store.close();
    },
  };
}

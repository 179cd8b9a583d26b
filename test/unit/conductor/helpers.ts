// A real conductor over a real SQLite file in a temp dir, with the framework's fake/no
// implementations (plus whatever a test adds to the map).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import type { Conductor } from '../../../core/conductor/conductor.js';
import { createConductor } from '../../../core/conductor/conductor.js';
import { openDatabase } from '../../../core/db/connect.js';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { Store } from '../../../core/db/store.js';
import type { Node } from '../../../core/db/types.js';
import { builtinImplementations } from '../../../core/drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES, type HardwareType } from '../../../core/drivers/hardware-types.js';
import { DriverRegistry, type ImplementationMap } from '../../../core/drivers/registry.js';
import { testLogger } from '../../helpers/test-logger.js';

export interface Harness {
  dir: string;
  config: Config;
  store: Store;
  registry: DriverRegistry;
  conductor: Conductor;
  createNode(values?: Partial<Node>): Promise<Node>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  impls?: (map: ImplementationMap) => ImplementationMap;
  hardwareTypes?: readonly HardwareType[];
  host?: string;
  dir?: string;
}

export async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-conductor-'));
  const config = loadConfig({
    env: {
      TYR_DATABASE_URL: `sqlite:${path.join(dir, 'tyr.sqlite')}`,
      TYR_SERVICE_HOST: opts.host ?? 'test-conductor',
      TYR_CONDUCTOR_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
      ...opts.env,
    },
  });
  const db = await openDatabase(config.database.url);
  await migrateToLatest(db);
  const store = new Store(db);
  const impls = (opts.impls ?? ((m) => m))(builtinImplementations());
  const registry = new DriverRegistry(config, impls, opts.hardwareTypes ?? BUILTIN_HARDWARE_TYPES);
  const conductor = createConductor({ config, store, registry, log: testLogger() });
  return {
    dir,
    config,
    store,
    registry,
    conductor,
    async createNode(values = {}) {
      const checked = await conductor.checkNodeDriver({ driver: 'fake-hardware', ...values });
      return store.nodes.create({ ...(checked as Node) });
    },
    async close() {
      await conductor.stop();
      await store.close();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

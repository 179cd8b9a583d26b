// The Tyr side of the nova-boot suite (test/nova/nova_boot): a real `tyr server` process with a
// small fleet of free fake-hardware nodes, and the Nova shim in front of it for TyrDriver.
// The fleet: NOVA_FLEET_GOLD nodes a gold flavor may land on (class baremetal-gold, trait
// CUSTOM_GOLD), plus one node of the right class without the trait and one with the trait but
// another class, which the scheduler must never choose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/client.js';
import { SHIM_DEFAULTS, startShim, type RunningShim } from '../../driver/server.js';
import { availableNode } from './nova-harness.js';
import { startTyrServer, type TyrProcess } from './tyr-process.js';

export const NOVA_FLEET_PREFIX = 'nova-boot-';
export const NOVA_FLEET_GOLD = 3;

export interface NovaFleet {
  core: TyrProcess;
  shim: RunningShim;
  client: TyrClient;
  /** What the Python suite reads: where Tyr and the shim listen, the fleet's name prefix. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function enroll(client: TyrClient): Promise<void> {
  for (let i = 1; i <= NOVA_FLEET_GOLD; i++) {
    await availableNode(client, `${NOVA_FLEET_PREFIX}gold-${i}`, { resource_class: 'baremetal-gold' });
  }
  const plain = await availableNode(client, `${NOVA_FLEET_PREFIX}plain`, { resource_class: 'baremetal-gold' });
  await client.nodes.setTraits(plain.uuid, []);
  const silver = await availableNode(client, `${NOVA_FLEET_PREFIX}silver`, { resource_class: 'baremetal-silver' });
  await client.nodes.setTraits(silver.uuid, ['CUSTOM_GOLD']);
}

export async function startNovaFleet(): Promise<NovaFleet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-nova-boot-'));
  const core = await startTyrServer(['--data-dir', path.join(dir, 'data')], { TYR_LOG_LEVEL: 'warn' });
  let shim: RunningShim | undefined;
  try {
    const client = new TyrClient({ url: core.url });
    await enroll(client);
    // Short cache and polls: the suite's resource-tracker runs must see a node's change at once.
    shim = await startShim({ ...SHIM_DEFAULTS, port: 0, coreUrl: core.url, cacheTtlMs: 200, pollIntervalMs: 200 });
    const running = shim;
    return {
      core,
      shim,
      client,
      env: { TYR_URL: core.url, TYR_SHIM_URL: shim.url, TYR_NOVA_NODE_PREFIX: NOVA_FLEET_PREFIX, HOME: dir },
      async stop() {
        await running.stop();
        await core.kill();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await shim?.stop();
    await core.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

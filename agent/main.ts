// The agent's start-up: kernel command line → network → inventory → command API → lookup →
// heartbeats. Each step is logged; the ramdisk shows the log on the serial console.
import os from 'node:os';
import { installProcessGuards } from '../core/process-guards.js';
import { activity } from './activity.js';
import { retryForever } from './backoff.js';
import { readCmdline, type AgentArgs } from './cmdline.js';
import { CoreClient, CoreRequestError } from './client.js';
import { runDiscovery } from './discovery.js';
import { buildExtensions } from './extensions/index.js';
import { GenericHardwareManager } from './hardware/generic.js';
import { HardwareManagerRegistry } from './hardware/registry.js';
import { Heartbeater, heartbeatIntervalMs } from './heartbeat.js';
import { errorText, log } from './log.js';
import { bringUpNetwork } from './network.js';
import type { Inventory } from '../protocol/agent-wire.js';
import { CommandRunner } from './server/commands.js';
import { createApiServer, listen } from './server/http.js';
import { bootCredentials } from './server/tls.js';
import { TokenGuard } from './server/token.js';
import { loadToken, saveToken } from './token-store.js';
import { AGENT_VERSION } from './version.js';

const MASKED = '******';

/** The address the core reaches the agent at, which its certificate is made for. */
function advertisedHost(args: AgentArgs, inventory: Inventory): string {
  const bootNic = inventory.interfaces.find((i) => i.mac_address === args.bootifMac);
  const host = args.advertiseHost ?? bootNic?.ipv4_address ?? inventory.interfaces.find((i) => i.ipv4_address)?.ipv4_address;
  if (!host) throw new Error('no IPv4 address to advertise: no DHCP lease and no ipa-advertise-host');
  return host;
}

/** The token from lookup, or this boot's saved one when the core has already handed it out. */
function tokenFrom(nodeUuid: string, given: string): string {
  if (given && given !== MASKED) {
    saveToken(nodeUuid, given);
    return given;
  }
  const saved = loadToken(nodeUuid);
  if (saved) return saved;
  throw new CoreRequestError(
    null,
    `the core already handed out node ${nodeUuid}'s token for this boot and none is saved here; power-cycle the node into the ramdisk again`,
  );
}

async function main(): Promise<void> {
  const startedAt = Math.floor(Date.now() / 1000);
  log.info(`===== Tyr agent ${AGENT_VERSION} starting on ${os.hostname()} (node ${process.version}) =====`);

  const args = readCmdline();
  log.info(
    `step 1/6 kernel command line: api=${args.apiUrl} mode=${args.mode} BOOTIF=${args.bootifMac ?? '-'} node=${args.nodeUuid ?? '-'}`,
  );
  if (args.mode === 'rescue') log.info('mode rescue: running as in deploy mode until finalize_rescue');

  log.info('step 2/6 network');
  await bringUpNetwork(args.bootifMac);

  log.info('step 3/6 inventory');
  const hardware = new HardwareManagerRegistry([new GenericHardwareManager()]);
  await hardware.evaluate();
  log.info(
    `hardware managers: ${hardware
      .managers()
      .map((m) => m.name)
      .join(', ')}`,
  );
  const inventory = await hardware.dispatch('collectInventory').collectInventory!(args.bootifMac);
  log.info(
    `inventory: ${inventory.cpu.count} CPUs, ${inventory.memory.physical_mb} MiB, ${inventory.disks.length} disks, ${inventory.interfaces.length} NICs, ${inventory.pci_devices.length} PCI devices`,
  );

  // Discovery posts the inventory first; it returns only when the core wants heartbeats.
  const nodeUuid = args.mode === 'discovery' ? await runDiscovery(args, inventory) : args.nodeUuid;

  log.info('step 4/6 command API');
  const token = new TokenGuard();
  // Set once heartbeats start; finalize_rescue may end the agent before that only in theory.
  let stop: (reason: string) => void = (reason) => {
    log.info(`${reason}: stopping`);
    process.exit(0);
  };
  const runner = new CommandRunner(
    buildExtensions(hardware, activity, () => stop('rescue finalized')),
    activity,
  );
  const host = advertisedHost(args, inventory);
  const tls = bootCredentials(host);
  const server = createApiServer({ runner, token, startedAt, tls });
  // TYR_AGENT_LISTEN_HOST is for tests on a host, where servers bind to loopback only.
  const listenHost = process.env.TYR_AGENT_LISTEN_HOST ?? '0.0.0.0';
  const port = await listen(server, args.listenPort, listenHost);
  log.info(`command API listening on https://${listenHost}:${port} (self-signed certificate for ${host})`);
  const callbackUrl = `https://${host}:${args.advertisePort ?? port}`;

  log.info('step 5/6 lookup');
  const client = new CoreClient(args.apiUrl);
  const macs = [...new Set([args.bootifMac, ...inventory.interfaces.map((i) => i.mac_address)].filter((m): m is string => !!m))];
  const { node, agentToken, heartbeatTimeout } = await retryForever(`lookup of ${macs.join(',')} at ${args.apiUrl}`, async () => {
    const found = await client.lookup(macs, nodeUuid);
    return {
      node: found.node,
      agentToken: tokenFrom(found.node.uuid, found.config.agent_token),
      heartbeatTimeout: found.config.heartbeat_timeout,
    };
  });
  token.set(agentToken);
  log.info(`lookup: this is node ${node.uuid}`);

  log.info('step 6/6 heartbeats');
  const heartbeater = new Heartbeater({
    client,
    nodeUuid: node.uuid,
    token: agentToken,
    callbackUrl,
    verifyCa: tls.cert,
    intervalMs: heartbeatIntervalMs(heartbeatTimeout),
    inventory,
    activity,
  });
  log.info(`heartbeating every ${heartbeatIntervalMs(heartbeatTimeout) / 1000} s with callback_url ${callbackUrl}`);

  stop = (reason: string): void => {
    log.info(`${reason}: stopping`);
    heartbeater.stop();
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await heartbeater.run();
}

// An error nobody caught leaves the agent in an unknown state: log it and exit non-zero.
installProcessGuards({ report: (event, err) => log.error(`${event}: ${errorText(err)}`) });

main().catch((err: unknown) => {
  log.error(`fatal: ${errorText(err)}`);
  process.exit(1);
});

// The demo's rack: lab nodes (an ipmi_sim BMC in front of a QEMU machine each, as `npm run lab`
// makes them) enrolled into Tyr with the admin's credentials, then managed and provided until
// they are `available`. Without automated cleaning no VM boots; with it, each VM PXE boots the
// agent ramdisk and its cleaning is shown as it goes.
import path from 'node:path';
import { TyrClient } from '../../../client/index.js';
import type { ApiNode } from '../../../client/types.js';
import { enrollNode } from '../lab/enroll.js';
import { labDown, labUp, type Lab } from '../lab/lab.js';
import type { DemoUser } from './credentials.js';
import type { Teardown } from './teardown.js';

export interface RackOptions {
  nodes: number;
  labDir: string;
  /** Tyr's boot server as the VMs see it (http://10.0.2.2:<port>). */
  bootUrl: string;
  tyrUrl: string;
  admin: DemoUser;
  deployKernel: string;
  deployRamdisk: string;
  /** Automated cleaning on `provide`: each VM boots the ramdisk (minutes under TCG). */
  clean: boolean;
}

const MEMORY_MB = 1024;
/** Cleaning boots a VM under TCG: SeaBIOS's iPXE alone takes minutes to fetch the 75 MB ramdisk. */
const CLEAN_TIMEOUT_MS = 20 * 60_000;
const STILL_EVERY_MS = 30_000;

export async function startRack(o: RackOptions, say: (line: string) => void, teardown: Teardown): Promise<Lab> {
  const lab = await labUp({
    nodes: o.nodes,
    dir: o.labDir,
    bootUrl: o.bootUrl,
    mode: 'qemu',
    memoryMb: MEMORY_MB,
    // The BMC's serial-over-LAN reaches the VM's serial port: the node's console works in Tyr.
    sol: true,
  });
  teardown.add(`stopping the lab rack (${lab.nodes.length} ipmi_sim BMCs and any running VM)`, () => labDown(lab));
  for (const n of lab.nodes) say(`  ${n.name}: ipmi_sim BMC on 127.0.0.1:${n.bmcPort} (pid ${n.bmcPid}), MAC ${n.mac}`);

  const client = new TyrClient({ url: o.tyrUrl, username: o.admin.username, password: o.admin.password });
  for (const n of lab.nodes) {
    n.uuid = await enrollNode(client, n, { memoryMb: MEMORY_MB, deployKernel: o.deployKernel, deployRamdisk: o.deployRamdisk });
    await client.nodes.patch(n.uuid, [
      { op: 'replace', path: '/console_interface', value: 'ipmitool-socat' },
      { op: 'replace', path: '/automated_clean', value: o.clean },
    ]);
    say(`  ${n.name}: enrolled as ${n.uuid}`);
  }
  // Manage checks each BMC's credentials through ipmitool; provide makes the nodes available.
  await Promise.all(lab.nodes.map((n) => moveTo(client, n.name, n.uuid!, 'manage', 'manageable', 120_000, say)));
  if (o.clean)
    say(
      `  cleaning: each VM now PXE boots the agent ramdisk and erases its disk (several minutes under TCG); ` +
        `watch a console with: tail -f ${path.join(lab.dir, '<node>', 'console.log')}`,
    );
  await Promise.all(
    lab.nodes.map((n) => moveTo(client, n.name, n.uuid!, 'provide', 'available', o.clean ? CLEAN_TIMEOUT_MS : 120_000, say)),
  );
  return lab;
}

/** One provision verb and a wait for its target, with a line on every state change and every half minute. */
async function moveTo(
  client: TyrClient,
  name: string,
  uuid: string,
  verb: 'manage' | 'provide',
  target: string,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<ApiNode> {
  await client.nodes.setProvisionState(uuid, verb);
  let last = '';
  let lastSaid = 0;
  const node = await client.nodes.waitForProvisionState(uuid, target, {
    timeoutMs,
    pollIntervalMs: 500,
    onProgress: (n, elapsed) => {
      const state = `${n.provision_state}${n.target_provision_state ? ` → ${n.target_provision_state}` : ''}, ${n.power_state ?? 'power unknown'}`;
      if (state !== last || elapsed - lastSaid >= STILL_EVERY_MS) {
        say(`  ${name}: ${state} (${Math.round(elapsed / 1000)} s)`);
        last = state;
        lastSaid = elapsed;
      }
    },
  });
  return node;
}

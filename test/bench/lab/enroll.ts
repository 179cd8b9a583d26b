// Enrolls a lab node into Tyr through the typed client: an `ipmi` node whose driver_info points
// at the node's ipmi_sim BMC (cipher suite 3, see docs/lab.md), or a `redfish` node pointing at
// its tyr-redfish-sim when the lab runs Redfish BMCs, a PXE-enabled port with the
// VM's MAC, and the VM's size and boot mode (from its firmware) as properties. Nodes get automated_clean=false: until the agent
// exists, cleaning could not finish, and `provide` must go straight to available.
import type { TyrClient } from '../../../client/index.js';
import { withCapability } from '../../../core/nodes/capabilities.js';
import { bootModeOf } from './firmware.js';
import type { LabNode } from './lab.js';

export interface EnrollOptions {
  memoryMb?: number;
  cpus?: number;
  diskGb?: number;
  deployKernel?: string;
  deployRamdisk?: string;
}

/** How Tyr reaches the node's BMC: ipmi_sim, or tyr-redfish-sim when the lab runs Redfish BMCs. */
export function bmcDriverInfo(node: LabNode): Record<string, string | number> {
  if (node.redfish) {
    return {
      redfish_address: node.redfish.url,
      redfish_system_id: node.redfish.systemId,
      redfish_username: node.username,
      redfish_password: node.password,
      ...(node.redfish.caFile ? { redfish_verify_ca: node.redfish.caFile } : {}),
    };
  }
  return {
    ipmi_address: '127.0.0.1',
    ipmi_port: node.bmcPort,
    ipmi_username: node.username,
    ipmi_password: node.password,
    ipmi_cipher_suite: 3,
  };
}

export function labDriverInfo(node: LabNode, opts: EnrollOptions): Record<string, string | number> {
  const info = bmcDriverInfo(node);
  if (opts.deployKernel) info.deploy_kernel = opts.deployKernel;
  if (opts.deployRamdisk) info.deploy_ramdisk = opts.deployRamdisk;
  // The agent advertises the host end of the VM's port forward, which the conductor can reach.
  info.kernel_append_params = `ipa-advertise-host=127.0.0.1 ipa-advertise-port=${node.agentPort}`;
  return info;
}

/** boot_mode from the VM's firmware (Tyr's default is UEFI, as Ironic's); secure_boot when OVMF enforces it. */
export function labCapabilities(node: Pick<LabNode, 'firmware'>): string {
  const firmware = node.firmware ?? 'bios';
  const withMode = withCapability(undefined, 'boot_mode', bootModeOf(firmware));
  return firmware === 'uefi-secure' ? withCapability(withMode, 'secure_boot', 'true') : withMode;
}

/** Creates the node and its port; returns the node's UUID. */
export async function enrollNode(client: TyrClient, node: LabNode, opts: EnrollOptions): Promise<string> {
  const created = await client.nodes.create({
    driver: node.redfish ? 'redfish' : 'ipmi',
    // The lab machines boot Tyr's ramdisk, so they rescue and inspect through the agent
    // (Ironic's ipmi defaults leave both off).
    rescue_interface: 'agent',
    inspect_interface: 'agent',
    name: node.name,
    driver_info: labDriverInfo(node, opts),
    properties: {
      cpus: opts.cpus ?? 1,
      memory_mb: opts.memoryMb ?? 1024,
      local_gb: opts.diskGb ?? 4,
      cpu_arch: 'x86_64',
      capabilities: labCapabilities(node),
    },
    automated_clean: false,
  });
  await client.ports.create({ address: node.mac, node_uuid: created.uuid, pxe_enabled: true });
  return created.uuid;
}

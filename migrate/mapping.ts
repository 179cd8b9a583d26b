// How one bm_nodes row becomes a Tyr node, and one bm_interfaces row a port. Pure functions: no
// database, so every rule is visible in one place. A row that cannot be migrated yields a reason.
import { createHash } from 'node:crypto';
import { FAKE_HARDWARE, IPMI, type HardwareType } from '../core/drivers/hardware-types.js';
import type { NewNode } from '../core/db/nodes.js';
import type { NewPort } from '../core/db/ports.js';
import type { JsonObject } from '../core/db/types.js';
import { STATE } from '../core/states/provision-states.js';
import type { SourceRow, SourceValue } from './source.js';

export const MIGRATED_FROM = 'nova-baremetal';

export interface MappingOptions {
  nodeArch: string;
  deployKernel?: string;
  deployRamdisk?: string;
  /** false (--no-provide): idle nodes land in manageable instead of available. */
  provide: boolean;
}

export type PortValues = Omit<NewPort, 'node_id'>;
export type NodeValues = NewNode & { uuid: string };

const str = (v: SourceValue | undefined): string | undefined =>
  v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
const num = (v: SourceValue | undefined): number | undefined =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);

/** Nova's soft delete: `deleted` is a boolean in Grizzly and the row's own id later; 0/NULL is live. */
export function isSoftDeleted(row: SourceRow): boolean {
  const d = row.deleted;
  return !(d === null || d === undefined || d === 0 || d === '0' || d === false || d === 'false' || d === '');
}

/** `aa:bb:cc:dd:ee:ff` from the spellings nova accepted (colons, dashes, bare hex; any case). */
export function normaliseMac(raw: SourceValue | undefined): string | undefined {
  const s = str(raw)?.toLowerCase();
  if (!s) return undefined;
  const hex = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/.test(s) ? s.replace(/[:-]/g, '') : /^[0-9a-f]{12}$/.test(s) ? s : undefined;
  return hex?.match(/../g)!.join(':');
}

/**
 * The old VirtualPowerManager drove VMs over SSH (virsh, VBoxManage) rather than a BMC; its
 * nodes carried a VM name, a `virtual…`/`fake…` marker or a libvirt/ssh URL instead of a BMC address.
 */
export function looksLikeVirtualPower(pmAddress: string): boolean {
  return (
    /^(virtual|vpd|fake|vbox|virsh|libvirt)\b/i.test(pmAddress) ||
    /^(virtual|vpd|fake)[_-]/i.test(pmAddress) ||
    /^(qemu|qemu\+ssh|vbox|ssh):\/\//i.test(pmAddress)
  );
}

/** A node that had no uuid column (early Grizzly) gets one derived from its id: re-runs match. */
export function uuidFor(row: SourceRow): string {
  const given = str(row.uuid);
  if (given) return given.toLowerCase();
  const h = createHash('sha1')
    .update(`nova-baremetal/bm_nodes/${String(row.id)}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A hardware type's default for each interface, as enrolment through the API would fill them. */
function defaultInterfaces(ht: HardwareType): Partial<NodeValues> {
  const out: Record<string, string> = {};
  for (const [kind, names] of Object.entries(ht.interfaces)) out[`${kind}_interface`] = names[0]!;
  return out;
}

/** nova's baremetal_states → what Tyr records as the node's power. */
function powerStateOf(taskState: string | undefined): string | null {
  if (taskState === 'active' || taskState === 'deploy complete' || taskState === 'preserved') return 'power on';
  if (taskState === 'deleted') return 'power off';
  return null;
}

const gb = (mb: number | undefined): number | undefined => (mb === undefined ? undefined : Math.ceil(mb / 1024));

export interface MappedNode {
  values: NodeValues;
  warnings: string[];
}

/** The node a live bm_nodes row becomes, or a reason it cannot be migrated. */
export function mapNode(row: SourceRow, opts: MappingOptions): MappedNode | { invalid: string } {
  const pmAddress = str(row.pm_address);
  if (!pmAddress) return { invalid: 'missing pm_address (no BMC to manage the machine with)' };
  const uuid = uuidFor(row);
  const warnings: string[] = [];
  if (!str(row.uuid)) warnings.push(`bm_nodes id=${String(row.id)} has no uuid; using ${uuid}`);
  const virtual = looksLikeVirtualPower(pmAddress);
  if (virtual)
    warnings.push(
      `node ${uuid}: pm_address "${pmAddress}" belongs to the virtual power driver; migrated as fake-hardware (power actions are recorded, not performed)`,
    );

  const deploy: JsonObject = {};
  if (opts.deployKernel) deploy.deploy_kernel = opts.deployKernel;
  if (opts.deployRamdisk) deploy.deploy_ramdisk = opts.deployRamdisk;
  const driverInfo: JsonObject = virtual
    ? { ...deploy, nova_pm_address: pmAddress }
    : {
        ipmi_address: pmAddress,
        ...(str(row.pm_user) ? { ipmi_username: str(row.pm_user) } : {}),
        ...(str(row.pm_password) ? { ipmi_password: str(row.pm_password) } : {}),
        ...deploy,
      };
  if (row.terminal_port !== undefined && num(row.terminal_port) !== undefined && !virtual)
    driverInfo.ipmi_terminal_port = num(row.terminal_port);

  const properties: JsonObject = { cpu_arch: opts.nodeArch };
  for (const key of ['cpus', 'memory_mb', 'local_gb'] as const) if (num(row[key]) !== undefined) properties[key] = num(row[key]);

  const taskState = str(row.task_state);
  const instanceUuid = str(row.instance_uuid)?.toLowerCase();
  const common = {
    uuid,
    driver: virtual ? FAKE_HARDWARE.name : IPMI.name,
    ...defaultInterfaces(virtual ? FAKE_HARDWARE : IPMI),
    driver_info: driverInfo,
    properties,
    extra: { nova_baremetal_id: num(row.id), ...(str(row.service_host) ? { nova_service_host: str(row.service_host) } : {}) },
  };
  if (!instanceUuid) {
    return {
      values: { ...common, provision_state: opts.provide ? STATE.AVAILABLE : STATE.MANAGEABLE, power_state: powerStateOf(taskState) },
      warnings,
    };
  }
  const instanceInfo: JsonObject = {};
  if (str(row.instance_name)) instanceInfo.display_name = str(row.instance_name);
  if (num(row.root_mb) !== undefined) instanceInfo.root_gb = gb(num(row.root_mb));
  if (num(row.swap_mb) !== undefined) instanceInfo.swap_mb = num(row.swap_mb);
  if (num(row.ephemeral_mb) !== undefined) instanceInfo.ephemeral_gb = gb(num(row.ephemeral_mb));
  if (row.preserve_ephemeral !== undefined && row.preserve_ephemeral !== null)
    instanceInfo.preserve_ephemeral = Boolean(Number(row.preserve_ephemeral));
  const power = powerStateOf(taskState);
  if (power === null)
    warnings.push(
      `node ${uuid}: task_state ${JSON.stringify(taskState ?? null)} does not say whether the instance runs; power state left unknown for the sync to find`,
    );
  return {
    values: {
      ...common,
      instance_uuid: instanceUuid,
      instance_info: instanceInfo,
      provision_state: STATE.ACTIVE,
      power_state: power,
      // Marks the degraded mode: Tyr did not deploy this instance (see core/conductor/migrated.ts).
      driver_internal_info: { migrated_from: MIGRATED_FROM, nova_task_state: taskState ?? null },
    },
    warnings,
  };
}

/** Ironic's local_link_connection from an OpenFlow datapath (its low 48 bits are the switch MAC). */
function localLink(iface: SourceRow): JsonObject {
  const dpid = str(iface.datapath_id);
  const port = num(iface.port_no);
  const out: JsonObject = {};
  if (dpid) {
    const hex = dpid.toLowerCase().replace(/^0x/, '').replace(/[:-]/g, '');
    if (/^[0-9a-f]{12,16}$/.test(hex)) out.switch_id = hex.slice(-12).match(/../g)!.join(':');
    out.switch_info = dpid;
  }
  if (port !== undefined) out.port_id = String(port);
  return out;
}

/** The port an interface becomes (address already normalised and checked by the caller). */
export function mapPort(iface: SourceRow, address: string, pxe: boolean, provVlanId: number | undefined): PortValues {
  const extra: JsonObject = {};
  if (str(iface.vif_uuid)) extra.vif_uuid = str(iface.vif_uuid);
  if (num(iface.id) !== undefined) extra.nova_interface_id = num(iface.id);
  let physicalNetwork: string | null = null;
  if (pxe && provVlanId !== undefined) {
    extra.prov_vlan_id = provVlanId;
    physicalNetwork = `prov-vlan-${provVlanId}`;
  }
  return { address, pxe_enabled: pxe, extra, local_link_connection: localLink(iface), physical_network: physicalNetwork };
}

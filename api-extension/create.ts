// POST /os-baremetal-nodes: the legacy fields become an `ipmi` node (driver_info from pm_*,
// properties from cpus/memory_mb/local_gb) and its provisioning port. Everything is checked
// before anything is created; a port that fails takes its new node with it.
import type { TyrClient } from '../client/client.js';
import type { ApiNode, ApiPort } from '../client/types.js';
import { badRequest } from './errors.js';

const MAC_RE = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export function macAddress(value: unknown): string {
  if (typeof value !== 'string' || !MAC_RE.test(value)) {
    throw badRequest(`"${String(value)}" is not a MAC address; give six hex pairs like 52:54:00:12:34:56.`);
  }
  return value.toLowerCase().replace(/-/g, ':');
}

function count(b: Record<string, unknown>, key: string): number {
  const n = typeof b[key] === 'string' ? Number(b[key]) : b[key];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw badRequest(`"${key}" must be a non-negative integer, got ${JSON.stringify(b[key])}.`);
  return n;
}

export async function createLegacyNode(client: TyrClient, b: Record<string, unknown>): Promise<{ node: ApiNode; ports: ApiPort[] }> {
  const properties = { cpus: count(b, 'cpus'), memory_mb: count(b, 'memory_mb'), local_gb: count(b, 'local_gb') };
  const mac = b.prov_mac_address !== undefined ? macAddress(b.prov_mac_address) : undefined;
  const driverInfo: Record<string, unknown> = {};
  for (const [legacy, key] of [
    ['pm_address', 'ipmi_address'],
    ['pm_user', 'ipmi_username'],
    ['pm_password', 'ipmi_password'],
  ] as const) {
    if (b[legacy] === undefined || b[legacy] === null) continue;
    if (typeof b[legacy] !== 'string') throw badRequest(`"${legacy}" must be a string.`);
    driverInfo[key] = b[legacy];
  }
  if (!driverInfo.ipmi_address) throw badRequest('"pm_address" (the BMC address) is required to create a baremetal node.');
  if (b.terminal_port !== undefined && b.terminal_port !== null) driverInfo.ipmi_terminal_port = count(b, 'terminal_port');

  const node = await client.nodes.create({ driver: 'ipmi', driver_info: driverInfo, properties });
  if (!mac) return { node, ports: [] };
  try {
    return { node, ports: [await client.ports.create({ node_uuid: node.uuid, address: mac })] };
  } catch (err) {
    await client.nodes.delete(node.uuid).catch(() => undefined);
    throw err;
  }
}

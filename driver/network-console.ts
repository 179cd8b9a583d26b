// VIFs and the serial console of an instance's node. VIFs (Neutron port ids) are attached as the
// node's VIFs; plug is idempotent, unplug of a VIF that is not there is 404 when asked for by id.
import type { Shim } from './context.js';
import { vifIds, type Obj } from './body.js';
import { consoleUnavailable, ShimError } from './errors.js';
import { nodeOf } from './instances.js';

export async function plugVifs(shim: Shim, instance: string, body: Obj): Promise<string[]> {
  const wanted = vifIds(body.network_info);
  const node = await nodeOf(shim, instance);
  const have = new Set((await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id));
  for (const vif of wanted) if (!have.has(vif)) await shim.client.nodes.attachVif(node.uuid, vif);
  return (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id);
}

/** Detaches the VIFs named (all of the node's when none are). */
export async function unplugVifs(shim: Shim, instance: string, ids?: string[]): Promise<string[]> {
  const node = await nodeOf(shim, instance);
  const have = (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id);
  for (const vif of ids ?? have) if (have.includes(vif)) await shim.client.nodes.detachVif(node.uuid, vif);
  return (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id);
}

export async function attachInterface(shim: Shim, instance: string, body: Obj): Promise<string[]> {
  const [vif] = vifIds([body.vif ?? body]);
  const node = await nodeOf(shim, instance);
  await shim.client.nodes.attachVif(node.uuid, vif!);
  return (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id);
}

export async function detachInterface(shim: Shim, instance: string, vif: string): Promise<string[]> {
  const node = await nodeOf(shim, instance);
  const have = (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id);
  if (!have.includes(vif))
    throw new ShimError(
      404,
      'PortNotFound',
      `VIF ${vif} is not attached to instance ${instance} (node ${node.uuid}); attached: ${have.join(', ') || 'none'}.`,
    );
  await shim.client.nodes.detachVif(node.uuid, vif);
  return have.filter((v) => v !== vif);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Host and port of the node's console (a tcp:// URL), enabling the console first if needed and
 * `mayEnable` (a GET that writes to the core: not for the shim's readers).
 */
export async function serialConsole(shim: Shim, instance: string, mayEnable: boolean): Promise<{ host: string; port: number }> {
  const node = await nodeOf(shim, instance);
  const { nodes } = shim.client;
  let state = await nodes.getConsole(node.uuid);
  if (!state.console_enabled) {
    if (!mayEnable)
      throw new ShimError(
        403,
        'Forbidden',
        `The console of node ${node.uuid} is off, and turning it on needs an admin of the shim; a reader may only read.`,
      );
    await nodes.setConsole(node.uuid, true);
    const deadline = Date.now() + shim.opts.actionTimeoutMs;
    while (!(state = await nodes.getConsole(node.uuid)).console_enabled) {
      if (Date.now() > deadline)
        throw consoleUnavailable(`The console of node ${node.uuid} did not come on within ${shim.opts.actionTimeoutMs / 1000}s.`);
      await sleep(shim.opts.pollIntervalMs);
    }
  }
  const info = (state.console_info ?? {}) as { type?: string; url?: string };
  let url: URL | undefined;
  try {
    url = new URL(info.url ?? '');
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'tcp:' || !url.hostname || !url.port) {
    throw consoleUnavailable(
      `Node ${node.uuid} has a "${info.type ?? 'unknown'}" console at "${info.url ?? ''}", not a tcp://host:port serial console Nova can proxy; give the node a socat console interface.`,
    );
  }
  return { host: url.hostname, port: Number(url.port) };
}

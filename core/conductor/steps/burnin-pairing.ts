// burnin_network pairs two nodes that are cleaned together. Choice: the operator gives both the
// same `pairing_group` in the step's args. Each node's conductor records
// driver_internal_info.burnin_network_pairing = {group, host} (host: its agent's address) and
// waits (up to args.pairing_timeout s, default 600) until the group has a partner: nodes of the
// group sorted by UUID pair up 1-2, 3-4, …; the first of a pair is the fio server, the second
// the client, which connects to the server's host and starts a few seconds later.
import { HardwareError } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import { STATE } from '../../states/provision-states.js';
import { parsePairingGroup } from '../../../protocol/hw-op-steps.js';
import { asBadRequest } from '../../shape-errors.js';
import type { Step } from '../../drivers/interfaces/deploy.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';

export const PAIRING_KEY = 'burnin_network_pairing';

export function pairingGroup(args: JsonObject | undefined): string {
  return asBadRequest(() => parsePairingGroup(args));
}

/** The partner of `uuid` among the group's members, or null while it has none. */
export function partnerOf(uuid: string, members: { uuid: string; host: string }[]): { role: 'server' | 'client'; peer: string } | null {
  const sorted = [...members].sort((a, b) => a.uuid.localeCompare(b.uuid));
  const i = sorted.findIndex((m) => m.uuid === uuid);
  if (i < 0) return null;
  const partner = sorted[i % 2 === 0 ? i + 1 : i - 1];
  if (!partner) return null;
  return i % 2 === 0 ? { role: 'server', peer: partner.host } : { role: 'client', peer: partner.host };
}

function agentHost(url: unknown): string {
  try {
    return new URL(String(url)).hostname;
  } catch {
    return '';
  }
}

export async function pairForNetworkBurnin(task: Task, c: ConductorContext, step: Step, pollMs = 2000): Promise<Step> {
  const group = pairingGroup(step.args);
  const host = agentHost(task.node.driver_internal_info.agent_url);
  await task.mergeInternalInfo({ [PAIRING_KEY]: { group, host } });
  const timeout = Number(step.args?.pairing_timeout ?? 600);
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    const cleaning = await c.store.nodes.list({ provision_state: STATE.CLEANING }, { limit: 1000 });
    const members = cleaning
      .map((n) => ({ uuid: n.uuid, pairing: n.driver_internal_info[PAIRING_KEY] as { group?: string; host?: string } | undefined }))
      .filter((m) => m.pairing?.group === group)
      .map((m) => ({ uuid: m.uuid, host: m.pairing!.host ?? '' }));
    const pair = partnerOf(task.node.uuid, members);
    if (pair) {
      task.log.info({ group, ...pair }, 'burnin_network paired');
      return { ...step, args: { ...step.args, role: pair.role, peer: pair.peer, start_delay: pair.role === 'client' ? 5 : 0 } };
    }
    if (Date.now() > deadline) {
      throw new HardwareError(
        `burnin_network: no other node of pairing group "${group}" reached its network burn-in within ${timeout} s; clean the two nodes together.`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function forgetPairing(task: Task): Promise<void> {
  await task.refresh();
  const info = { ...task.node.driver_internal_info };
  delete info[PAIRING_KEY];
  await task.save({ driver_internal_info: info });
}

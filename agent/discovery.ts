// Discovery mode (tyr-mode=discovery: the core did not know this machine's MAC): post the
// inventory to POST /v1/continue_inspection, in Ironic's shape (as a stock IPA does): the
// inventory, and plugin data beside it (pci_devices among them); node_uuid in the query. The core
// answers {"uuid", "next"} (Tyr's; Ironic answers {"uuid"}): "poweroff" (a new
// or enrolled node: this machine is done for now, and may have no BMC credentials in the core
// yet, so it powers itself off) or "heartbeat" (it matched a node being inspected: the caller
// goes on with lookup and heartbeats for that node).
import axios from 'axios';
import type { AgentArgs } from './cmdline.js';
import { backoffDelay, sleep } from './backoff.js';
import { coreErrorMessage } from './client.js';
import { run } from './exec.js';
import { errorText, log } from './log.js';
import type { Inventory } from '../protocol/agent-wire.js';

export interface DiscoveryAnswer {
  uuid: string;
  next: 'poweroff' | 'heartbeat';
}

/** The node's uuid is what matters; any `next` but "heartbeat" ends in power-off. */
const isDiscoveryAnswer = (data: unknown): data is DiscoveryAnswer => typeof (data as { uuid?: unknown } | null)?.uuid === 'string';

/** Posts until the core answers: network errors, 429 (Retry-After) and 5xx are retried; other 4xx are final. */
export async function postInventory(
  apiUrl: string,
  inventory: Inventory,
  nodeUuid: string | null,
): Promise<DiscoveryAnswer | { refused: string }> {
  const http = axios.create({ baseURL: apiUrl, timeout: 30_000, proxy: false, validateStatus: () => true });
  const { pci_devices, ...inv } = inventory;
  const body = { inventory: inv, pci_devices, agent: 'tyr', mode: 'discovery' };
  const params = nodeUuid ? { node_uuid: nodeUuid } : undefined;
  for (let attempt = 0; ; attempt++) {
    let wait = backoffDelay(attempt);
    try {
      const res = await http.post<unknown>('/v1/continue_inspection', body, { params });
      // Ironic answers 202, Tyr 200: either is an acceptance.
      if ((res.status === 200 || res.status === 202) && isDiscoveryAnswer(res.data)) return res.data;
      const message = `HTTP ${res.status}: ${coreErrorMessage(res.data) ?? JSON.stringify(res.data)}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 429) return { refused: message };
      const retryAfter = Number(res.headers['retry-after']);
      if (res.status === 429 && retryAfter > 0) wait = retryAfter * 1000;
      log.warn(`continue_inspection: ${message}; retrying in ${(wait / 1000).toFixed(1)} s`);
    } catch (err) {
      log.warn(`continue_inspection: core unreachable at ${apiUrl} (${errorText(err)}); retrying in ${(wait / 1000).toFixed(1)} s`);
    }
    await sleep(wait);
  }
}

async function powerOff(): Promise<never> {
  await run('sync', [], 120_000).catch(() => undefined);
  // TYR_AGENT_POWER_CMD: TEST-ONLY, as for standby.power_off (never power off a test host).
  const override = process.env.TYR_AGENT_POWER_CMD;
  log.info('discovery: powering off');
  if (override) await run(override, ['poweroff'], 30_000);
  else await run('poweroff', ['-f'], 30_000);
  // poweroff -f does not return on a real machine; a test's stand-in does: stop here.
  process.exit(0);
}

/** Returns the node UUID to look up when the core wants heartbeats; otherwise powers off. */
export async function runDiscovery(args: AgentArgs, inventory: Inventory): Promise<string> {
  log.info(`discovery: posting the inventory to ${args.apiUrl}/v1/continue_inspection`);
  const answer = await postInventory(args.apiUrl, inventory, args.nodeUuid);
  if ('refused' in answer) {
    log.error(`discovery: the core refused the inventory (${answer.refused}); powering off`);
    return powerOff();
  }
  log.info(`discovery: this machine is node ${answer.uuid}; next: ${answer.next}`);
  if (answer.next === 'heartbeat') return answer.uuid;
  return powerOff();
}

// The node list's bulk actions: what each does to one node (the API call), whether it applies to
// a node in its current state (from core/states, the same tables the API and conductor use), and
// a runner that sends the calls a few at a time.
import type { NodeRow } from '../protocol/web-ui.js';
import { DELETABLE_STATES, IN_PROGRESS_STATES, TRANSITIONS } from '../core/states/provision-states.js';
import { PROVISION_VERBS } from '../core/states/provision-verbs.js';
import { api } from './api.js';

export type BulkActionId =
  'power-on' | 'power-off' | 'reboot' | 'manage' | 'provide' | 'clean' | 'maintenance-on' | 'maintenance-off' | 'delete';

/** What the operator typed in the dialog for actions that take input. */
export interface BulkInput {
  /** Manual clean's steps, already parsed. */
  cleanSteps?: Record<string, unknown>[];
  maintenanceReason?: string;
}

export interface BulkAction {
  id: BulkActionId;
  label: string;
  /** What happens to one node, in the dialog's list ("becomes cleaning", …). */
  describe(node: NodeRow): string;
  /** Why this action does not apply to the node now, or null when it does. */
  notApplicable(node: NodeRow): string | null;
  run(node: NodeRow, input: BulkInput): Promise<unknown>;
  danger?: boolean;
}

const nodePath = (n: NodeRow) => `/v1/nodes/${encodeURIComponent(n.uuid)}`;

/** Where a provision verb takes a node from this state, per the state table; null when it cannot. */
export function provisionTarget(verb: keyof typeof PROVISION_VERBS, state: string): string | null {
  const event = PROVISION_VERBS[verb].event;
  return TRANSITIONS.find(([from, ev]) => from === state && ev === event)?.[2] ?? null;
}

/** The conductor holds an in-progress node's lock, so power calls would be refused. */
function busy(n: NodeRow): string | null {
  return IN_PROGRESS_STATES.has(n.provision_state) ? `busy (${n.provision_state})` : null;
}

function powerAction(id: BulkActionId, label: string, target: string, result: string): BulkAction {
  return {
    id,
    label,
    describe: () => result,
    notApplicable: busy,
    run: (n) => api('PUT', `${nodePath(n)}/states/power`, { target }),
  };
}

function provisionAction(verb: 'manage' | 'provide' | 'clean', label: string): BulkAction {
  return {
    id: verb,
    label,
    describe: (n) => `${n.provision_state} → ${provisionTarget(verb, n.provision_state) ?? '?'}`,
    notApplicable: (n) => (provisionTarget(verb, n.provision_state) ? null : `"${verb}" does not apply in ${n.provision_state}`),
    run: (n, input) =>
      api('PUT', `${nodePath(n)}/states/provision`, verb === 'clean' ? { target: verb, clean_steps: input.cleanSteps } : { target: verb }),
  };
}

export const BULK_ACTIONS: readonly BulkAction[] = [
  powerAction('power-on', 'Power on', 'power on', 'power on'),
  powerAction('power-off', 'Power off', 'power off', 'power off'),
  powerAction('reboot', 'Reboot', 'rebooting', 'reboot'),
  provisionAction('manage', 'Manage'),
  provisionAction('provide', 'Provide'),
  provisionAction('clean', 'Clean…'),
  {
    id: 'maintenance-on',
    label: 'Maintenance on…',
    describe: () => 'enter maintenance',
    notApplicable: (n) => (n.maintenance ? 'already in maintenance' : null),
    run: (n, input) => api('PUT', `${nodePath(n)}/maintenance`, { reason: input.maintenanceReason || null }),
  },
  {
    id: 'maintenance-off',
    label: 'Maintenance off',
    describe: () => 'leave maintenance',
    notApplicable: (n) => (n.maintenance ? null : 'not in maintenance'),
    run: (n) => api('DELETE', `${nodePath(n)}/maintenance`),
  },
  {
    id: 'delete',
    label: 'Delete…',
    danger: true,
    describe: () => 'deleted from Tyr',
    // The API deletes nodes in these states, or any node in maintenance.
    notApplicable: (n) =>
      n.maintenance || DELETABLE_STATES.has(n.provision_state) ? null : `cannot delete in ${n.provision_state} (set maintenance first)`,
    run: (n) => api('DELETE', nodePath(n)),
  },
];

export type BulkResult = { ok: true } | { ok: false; message: string };

/** Runs `work` over the items, at most `limit` at once; results keep the items' order. */
export async function runBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

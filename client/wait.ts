// Polling a node until it reaches a state. Waits fail fast: a provision state that ends in
// " failed" (or "error") that the caller did not ask for stops the wait with the node's
// last_error, instead of letting the caller sit until the timeout.
import { FAILED_STATES, WAIT_STATES } from '../core/states/provision-states.js';
import type { ApiNode, WaitOptions } from './types.js';

type Fetch = (node: string) => Promise<ApiNode>;

/** Thrown when a wait ends without the node reaching the state asked for. */
export class WaitError extends Error {
  constructor(
    message: string,
    readonly node?: ApiNode,
  ) {
    super(message);
    this.name = 'WaitError';
  }
}

export const isFailedState = (state: string | null | undefined): boolean => !!state && FAILED_STATES.has(state);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForNode(
  fetch: Fetch,
  node: string,
  done: (n: ApiNode) => boolean,
  what: string,
  opts: WaitOptions,
  failed: (n: ApiNode) => string | undefined = () => undefined,
): Promise<ApiNode> {
  const start = Date.now();
  const interval = opts.pollIntervalMs ?? 1000;
  for (;;) {
    const current = await fetch(node);
    const elapsed = Date.now() - start;
    opts.onProgress?.(current, elapsed);
    if (done(current)) return current;
    const why = failed(current);
    if (why) throw new WaitError(why, current);
    if (opts.timeoutMs && elapsed + interval > opts.timeoutMs) {
      throw new WaitError(
        `timed out after ${Math.round(elapsed / 1000)}s waiting for node ${node} to reach ${what}; it is in provision state "${current.provision_state}", power state "${current.power_state}"`,
        current,
      );
    }
    await sleep(interval);
  }
}

export function waitForProvisionState(fetch: Fetch, node: string, targets: string[], opts: WaitOptions): Promise<ApiNode> {
  const what = targets.map((t) => `"${t}"`).join(' or ');
  // Wait and failed states keep their target (Ironic's "deploy failed" targets active): asked for, they count.
  const settled = (n: ApiNode) => !n.target_provision_state || WAIT_STATES.has(n.provision_state) || isFailedState(n.provision_state);
  return waitForNode(
    fetch,
    node,
    (n) => targets.includes(n.provision_state) && settled(n),
    `provision state ${what}`,
    opts,
    (n) => {
      if (!isFailedState(n.provision_state) || targets.includes(n.provision_state)) return undefined;
      return `node ${node} reached provision state "${n.provision_state}" while waiting for ${what}: ${n.last_error ?? 'no error recorded'}`;
    },
  );
}

export function waitForPowerState(fetch: Fetch, node: string, target: string, opts: WaitOptions): Promise<ApiNode> {
  let sawPending = false;
  return waitForNode(
    fetch,
    node,
    (n) => {
      if (n.target_power_state) sawPending = true;
      return n.power_state === target && !n.target_power_state;
    },
    `power state "${target}"`,
    opts,
    (n) => {
      // A power change that ends with no pending target but the wrong state failed; the
      // conductor records why in last_error.
      if (sawPending && !n.target_power_state && n.power_state !== target && n.last_error) {
        return `power change of node ${node} to "${target}" failed: ${n.last_error}`;
      }
      return undefined;
    },
  );
}

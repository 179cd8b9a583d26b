// Waiting on a node for an instance operation. A wait that ends in a failed state becomes the
// Nova-style error named by the caller, whose message is the node's last_error.
import { WaitError } from '../client/wait.js';
import type { ApiNode } from '../client/types.js';
import { instanceFailure, ShimError } from './errors.js';
import type { Shim } from './context.js';

export async function waitProvision(
  shim: Shim,
  node: string,
  targets: string[],
  failure: { type: string; what: string },
  timeoutMs?: number,
): Promise<ApiNode> {
  try {
    return await shim.client.nodes.waitForProvisionState(node, targets, {
      timeoutMs: timeoutMs ?? shim.opts.actionTimeoutMs,
      pollIntervalMs: shim.opts.pollIntervalMs,
    });
  } catch (err) {
    if (!(err instanceof WaitError)) throw err;
    const reason = err.node?.last_error ?? err.message;
    throw new ShimError(409, failure.type, `${failure.what}: ${reason}`);
  } finally {
    shim.cache.forget(node);
  }
}

export async function waitPower(shim: Shim, node: string, target: 'power on' | 'power off', type: string): Promise<ApiNode> {
  try {
    return await shim.client.nodes.waitForPowerState(node, target, {
      timeoutMs: shim.opts.actionTimeoutMs,
      pollIntervalMs: shim.opts.pollIntervalMs,
    });
  } catch (err) {
    if (err instanceof WaitError) throw instanceFailure(type, err.message);
    throw err;
  } finally {
    shim.cache.forget(node);
  }
}

// Giving a node back: undeploy when an instance was (or was being) deployed, wait until the core
// has started cleaning, detach the instance's VIFs, and drop instance_uuid/instance_info when
// the undeploy did not already. Shared by destroy and by spawn's failure cleanup.
import { TyrApiError } from '../client/errors.js';
import { STATE, UNPROVISION_STATES } from '../core/states/provision-states.js';
import type { Shim } from './context.js';
import { waitProvision } from './waits.js';

/** Where a node rests once its undeploy has handed it to cleaning (or finished). */
const AFTER_UNDEPLOY = [STATE.CLEANING, STATE.CLEAN_WAIT, STATE.AVAILABLE, STATE.CLEAN_FAILED, STATE.MANAGEABLE];
/** A deploy or rescue still running: the core refuses an undeploy until it settles. */
const SETTLING = new Set<string>([STATE.DEPLOYING, STATE.DEPLOY_WAIT, STATE.RESCUING, STATE.UNRESCUING]);
/** Where such a node may settle before the undeploy can be sent. */
const SETTLED = [
  STATE.ACTIVE,
  STATE.DEPLOY_FAILED,
  STATE.RESCUE,
  STATE.RESCUE_FAILED,
  STATE.UNRESCUE_FAILED,
  STATE.RESCUE_WAIT,
  STATE.DEPLOY_WAIT,
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function undeployAndRelease(shim: Shim, nodeUuid: string, instanceUuid: string, vifs?: string[]): Promise<void> {
  const { nodes } = shim.client;
  let node = await nodes.get(nodeUuid);
  // Another instance's node is not ours to undeploy (a spawn that lost its reservation).
  if (node.instance_uuid && node.instance_uuid !== instanceUuid) return;
  // A deploy still running has to finish (or fail) before the core accepts an undeploy.
  if (SETTLING.has(node.provision_state)) {
    node = await waitProvision(shim, nodeUuid, SETTLED, {
      type: 'InstanceTerminationFailure',
      what: `Node ${nodeUuid} did not settle before undeploy`,
    }).catch(() => nodes.get(nodeUuid));
  }
  if (UNPROVISION_STATES.has(node.provision_state)) {
    await nodes.setProvisionState(nodeUuid, 'deleted');
    await waitProvision(shim, nodeUuid, AFTER_UNDEPLOY, {
      type: 'InstanceTerminationFailure',
      what: `Failed to undeploy node ${nodeUuid} for instance ${instanceUuid}`,
    });
  }
  const attached = (await nodes.listVifs(nodeUuid)).map((v) => v.id);
  for (const vif of vifs ?? attached) if (attached.includes(vif)) await withLockRetry(() => nodes.detachVif(nodeUuid, vif));
  node = await nodes.get(nodeUuid);
  if (node.instance_uuid === instanceUuid) {
    await withLockRetry(() =>
      nodes.patch(nodeUuid, [
        { op: 'replace', path: '/instance_info', value: {} },
        { op: 'remove', path: '/instance_uuid' },
      ]),
    );
  }
  shim.cache.forget(nodeUuid);
}

/** Cleaning may hold the node's lock for a moment: a 409 NodeLocked is retried a few times. */
async function withLockRetry<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof TyrApiError) || err.status !== 409 || i >= attempts) throw err;
      await sleep(500);
    }
  }
}

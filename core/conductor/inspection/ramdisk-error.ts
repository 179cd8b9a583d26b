// IPA's `error`: the ramdisk's own inspection collectors failed. Ironic's ramdisk_error hook fails
// the inspection with "Ramdisk reported error: <message>" before any other processing; Tyr does
// the same for a node in `inspect wait` (its inventory is still stored, for the operator to read),
// and a discovered machine is enrolled with the message as its last_error.
import { CallbackRefused } from '../../errors.js';
import type { Node } from '../../db/types.js';
import { STATE } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';

export function ramdiskErrorMessage(error: string): string {
  return `Ramdisk reported error: ${error}`;
}

/** Moves a node in `inspect wait` to `inspect failed` with the ramdisk's message, and powers it off (best effort). */
export async function failInspectionFromRamdisk(c: ConductorContext, node: Node, error: string): Promise<void> {
  await c.tasks.withExclusive(node.uuid, async (task) => {
    if (task.node.provision_state !== STATE.INSPECT_WAIT) {
      throw new CallbackRefused(`node ${node.uuid} left "${STATE.INSPECT_WAIT}" while its ramdisk reported an error; nothing was changed`);
    }
    let poweredOff = false;
    try {
      await task.ifaces.power.setPowerState(task.ctx, 'power off', task.config.conductor.power_state_change_timeout);
      poweredOff = true;
    } catch (err) {
      task.log.error({ err }, 'could not power the machine off after its ramdisk reported an inspection error');
    }
    await task.transition('fail', {
      error: `Inspection failed: ${ramdiskErrorMessage(error)}`,
      ...(poweredOff ? { changes: { power_state: 'power off' as const } } : {}),
    });
  });
}

// Wait-state timeouts: a node that waited longer than its call-back timeout moves to the failed
// state of its operation, with last_error saying what it waited for.
import type { StatesOfKind } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import { secureBootHint } from '../../boot/boot-progress.js';
import { forEachOwnedNode } from './batches.js';

/** Every wait state's timeout option: the compiler insists a new wait state gets one. */
export const WAIT_TIMEOUTS = {
  'wait call-back': { option: 'deploy_callback_timeout', what: 'the deploy ramdisk to call back' },
  'inspect wait': { option: 'inspect_wait_timeout', what: 'the inspection data' },
  'clean wait': { option: 'clean_callback_timeout', what: 'the cleaning ramdisk to call back' },
  'rescue wait': { option: 'rescue_callback_timeout', what: 'the rescue ramdisk to call back' },
} as const satisfies Record<StatesOfKind<'wait'>, { option: string; what: string }>;

const WAITS = (Object.keys(WAIT_TIMEOUTS) as StatesOfKind<'wait'>[]).map((state) => ({ state, ...WAIT_TIMEOUTS[state] }));

/** One pass over the nodes this conductor owns; returns how many timed out. */
export async function checkWaitTimeouts(c: ConductorContext, signal?: AbortSignal, at = Date.now()): Promise<number> {
  let failed = 0;
  for (const w of WAITS) {
    const timeout = c.config.conductor[w.option];
    if (timeout <= 0) continue;
    await forEachOwnedNode(c, { provision_state: w.state }, 4, signal, async (node) => {
      const since = Date.parse(node.provision_updated_at ?? node.updated_at ?? node.created_at);
      if (at - since < timeout * 1000) return;
      const task = await c.tasks.tryExclusive(node);
      if (!task) return;
      try {
        if (task.node.provision_state !== w.state) return;
        // The boot progress may name the likely cause (boot-progress.ts): Secure Boot refusing iPXE.
        const hint = secureBootHint(task.node, since);
        await task.transition('fail', {
          error: `Timeout reached while waiting for ${w.what} after ${timeout} seconds (conductor.${w.option}) in "${w.state}".${hint ? ` ${hint}` : ''}`,
        });
        failed++;
      } finally {
        await task.release();
      }
    });
  }
  return failed;
}

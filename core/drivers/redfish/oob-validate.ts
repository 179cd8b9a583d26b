// What the out-of-band interfaces (inspect, bios, firmware, raid) check before they touch the BMC:
// the same driver_info the power interface needs, parsed by the one parser.
import type { NodeContext } from '../interfaces/task.js';
import { parseRedfishDriverInfo } from './driver-info.js';

export function validateRedfishNode(ctx: NodeContext): void {
  parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
}

/** Resolves after `ms`, or at once when the operation is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

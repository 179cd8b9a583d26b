// What the out-of-band interfaces (inspect, bios, firmware, raid) check before they touch the BMC:
// the same driver_info the power interface needs, parsed by the one parser.
import type { NodeContext } from '../interfaces/task.js';
import { parseRedfishDriverInfo } from './driver-info.js';

export function validateRedfishNode(ctx: NodeContext): void {
  parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
}

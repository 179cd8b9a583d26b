// What the out-of-band interfaces (inspect, bios, firmware, raid) check before they touch the BMC:
// the same driver_info the power interface needs.
import { InvalidParameterValue } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';

export function validateRedfishNode(ctx: NodeContext): void {
  const address = ctx.node.driver_info.redfish_address;
  if (typeof address !== 'string' || address.trim() === '') {
    throw new InvalidParameterValue(
      `Node ${ctx.node.uuid} has no driver_info.redfish_address: set it to the BMC's Redfish URL (https://host[:port]).`,
    );
  }
}

// What the out-of-band interfaces (inspect, bios, firmware, raid) check before they touch the BMC:
// the same driver_info the power interface needs, parsed by the one parser.
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishSystems } from './connection.js';
import { parseRedfishDriverInfo } from './driver-info.js';

export function validateRedfishNode(ctx: NodeContext): void {
  parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
}

/**
 * The part bios, raid and firmware share: they run from the conductor without a ramdisk
 * (outOfBand), reach the node's ComputerSystem through `systems`, and validate the driver_info.
 */
export abstract class RedfishOutOfBandInterface {
  readonly properties: Record<string, { description: string; required: boolean }> = {};
  readonly outOfBand = true;

  constructor(protected readonly systems: RedfishSystems) {}

  async validate(ctx: NodeContext): Promise<void> {
    validateRedfishNode(ctx);
  }
}

// The inspection callback's shape is protocol/'s (inspection-data.ts); here it becomes the core's
// errors: a 400 naming the bad field, 413 for oversized plugin_data.
import {
  parseInspectionCallback,
  PluginDataTooLarge,
  type CallbackLimits,
  type InspectionCallback,
} from '../../../protocol/inspection-data.js';
import { InvalidParameterValue, PayloadTooLarge } from '../../errors.js';
import { ShapeError } from '../../../protocol/shape-error.js';

export {
  inventoryMacs,
  type CallbackLimits,
  type InspectionCallback,
  type Inventory,
  type InventoryDisk,
  type InventoryNic,
  type PciDevice,
} from '../../../protocol/inspection-data.js';

/** Checks a callback body; throws a 400 naming the first bad field (413 for oversized plugin_data). */
export function checkCallback(body: unknown, limits: CallbackLimits = {}, nodeUuid?: string): InspectionCallback {
  try {
    return parseInspectionCallback(body, limits, nodeUuid);
  } catch (err) {
    if (err instanceof PluginDataTooLarge) throw new PayloadTooLarge(err.message);
    if (err instanceof ShapeError) throw new InvalidParameterValue(err.message);
    throw err;
  }
}

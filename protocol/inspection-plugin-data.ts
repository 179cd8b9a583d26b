// How an inspection callback's body splits, by Ironic's rule (ironic/api/controllers/v1/ramdisk.py,
// ContinueInspectionController.post): `inventory` is the inventory, and every other top-level key
// is plugin data. A stock ironic-python-agent sends pci_devices, root_disk, boot_interface, error,
// logs, configuration, lldp_raw, numa_topology, data... there (inspector.py's collectors).
//
// Two keys of the shape Tyr's agent sent before it spoke Ironic's are still read, so that ramdisks
// built from older Tyr releases keep working: a `plugin_data` object is merged into the plugin data
// (Ironic would keep it as one key named plugin_data), and a body `node_uuid` names the node (Ironic
// takes it only from the query string).
import { asObject, ShapeError } from './shape-error.js';

type JsonObject = Record<string, unknown>;

/** IPA's collect_logs: a base64 tar.gz of the ramdisk's journal. Not stored (see splitCallbackBody). */
export const RAMDISK_LOGS_KEY = 'logs';

export interface CallbackParts {
  inventory: unknown;
  pluginData: JsonObject;
  /** Where the PCI devices came from: IPA's top-level list, else the one older Tyr agents nested in the inventory. */
  pciDevices: unknown;
  /** A body node_uuid (older Tyr agents); the query's wins. */
  legacyNodeUuid: unknown;
  /** IPA's `error`: the ramdisk's own collectors failed (Ironic's ramdisk_error hook fails the inspection). */
  ramdiskError: string | undefined;
  /** IPA's `root_disk`: the disk IPA would deploy to (utils.guess_root_disk), by name. */
  rootDiskName: string | undefined;
  /** Bytes of ramdisk logs the body carried (not kept). */
  logsBytes: number;
}

/** IPA sends `error: null` when every collector succeeded; a message (a string) when one failed. */
function ramdiskErrorOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '' || value === false) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.slice(0, 2000);
}

export function splitCallbackBody(body: unknown): CallbackParts {
  const b = asObject(body);
  if (!b) {
    const got = body === undefined ? 'an empty body' : JSON.stringify(body)?.slice(0, 80);
    throw new ShapeError(
      `The inspection data must be a JSON object with an "inventory" key, sent as the request body (any Content-Type); got ${got}.`,
    );
  }
  const { inventory, plugin_data: legacyPlugin, node_uuid: legacyNodeUuid, ...rest } = b;
  const pluginData: JsonObject = { ...rest };
  if (legacyPlugin !== undefined && legacyPlugin !== null) {
    const nested = asObject(legacyPlugin);
    if (!nested)
      throw new ShapeError(`Inspection data field "plugin_data" must be an object; got ${JSON.stringify(legacyPlugin)?.slice(0, 80)}.`);
    Object.assign(pluginData, nested);
  }
  // The logs are for reading when inspection fails; Tyr has no ramdisk log store, and they would
  // take most of the plugin data's room (inspection.max_plugin_data_bytes), so they are dropped.
  const logs = pluginData[RAMDISK_LOGS_KEY];
  delete pluginData[RAMDISK_LOGS_KEY];
  const inv = asObject(inventory);
  const root = asObject(pluginData.root_disk)?.name;
  return {
    inventory,
    pluginData,
    pciDevices: pluginData.pci_devices ?? inv?.pci_devices,
    legacyNodeUuid,
    ramdiskError: ramdiskErrorOf(pluginData.error),
    rootDiskName: typeof root === 'string' ? root : undefined,
    logsBytes: typeof logs === 'string' ? logs.length : 0,
  };
}

// Redfish virtual media: finding the BMC's CD/DVD device and inserting or ejecting an image by
// URL. The device is looked for where DMTF puts it: ComputerSystem.VirtualMedia (schema 2021.2
// and later), then VirtualMedia of the managers in the system's Links.ManagedBy (older BMCs, and
// most today), then of every manager. InsertMedia/EjectMedia actions are used when the device
// advertises them, and a PATCH of Image/Inserted otherwise (the pre-2017 way some BMCs still want).
// Vendor deviations come from the quirk table (core/drivers/redfish/quirks/): HPE's eject body,
// Lenovo's explicit flags on a PATCH insert.
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import type { RedfishConnection, RedfishSystem } from './connection.js';
import { actionTarget, linkAt, memberPaths, obj } from './resource-fields.js';

const CD_MEDIA_TYPES = new Set(['CD', 'DVD']);

export interface CdDevice {
  path: string;
  resource: JsonObject;
  /** The manager whose VirtualMedia holds it (OEM boot-from-virtual-CD calls go there), if known. */
  managerPath: string | null;
}

function isCd(resource: JsonObject): boolean {
  const types = resource.MediaTypes;
  return Array.isArray(types) && types.some((t) => typeof t === 'string' && CD_MEDIA_TYPES.has(t));
}

/** The VirtualMedia collections to look in, most specific first, with the manager each belongs to. */
async function collections(sys: RedfishSystem): Promise<{ path: string; managerPath: string | null }[]> {
  const managedBy = memberPaths(obj(sys.system, 'Links'), 'ManagedBy');
  const managers = managedBy.length ? managedBy : memberPaths(await sys.conn.get('/redfish/v1/Managers'));
  const found: { path: string; managerPath: string | null }[] = [];
  const own = linkAt(sys.system, 'VirtualMedia');
  if (own) found.push({ path: own, managerPath: managers[0] ?? null });
  for (const manager of managers) {
    const vm = linkAt(await sys.conn.get(manager), 'VirtualMedia');
    if (vm) found.push({ path: vm, managerPath: manager });
  }
  return found;
}

/** The first CD/DVD virtual media device; HardwareError naming the node when the BMC has none. */
export async function findCdDevice(sys: RedfishSystem, nodeUuid: string): Promise<CdDevice> {
  const searched = await collections(sys);
  for (const collection of searched) {
    for (const member of memberPaths(await sys.conn.get(collection.path))) {
      const resource = await sys.conn.get(member);
      if (isCd(resource)) return { path: member, resource, managerPath: collection.managerPath };
    }
  }
  const where = searched.map((c) => c.path).join(', ') || 'no VirtualMedia collection';
  throw new HardwareError(
    `Node ${nodeUuid}: the BMC offers no CD/DVD virtual media (looked in ${where}); ` +
      'enable virtual media on the BMC (it may need a licence), or use boot_interface ipxe.',
  );
}

export function isInserted(device: CdDevice): boolean {
  return device.resource.Inserted === true || (typeof device.resource.Image === 'string' && device.resource.Image !== '');
}

/** Ejects whatever the device holds; nothing to do when it is empty. */
export async function ejectCd(sys: RedfishSystem, device: CdDevice): Promise<boolean> {
  if (!isInserted(device)) return false;
  const target = actionTarget(device.resource, '#VirtualMedia.EjectMedia');
  if (target) await sys.conn.post(target, sys.quirks.ejectMediaBody ?? {});
  else await patch(sys.conn, device, { Image: null, Inserted: false });
  return true;
}

/**
 * Inserts `image` (a URL the BMC fetches), ejecting what was there first. Inserted and
 * WriteProtected are left at the schema's defaults (true, true): Supermicro refuses an InsertMedia
 * that sends them, and a PATCH carries them only for the BMCs that need them (Lenovo).
 */
export async function insertCd(sys: RedfishSystem, device: CdDevice, image: string): Promise<void> {
  if (await ejectCd(sys, device)) device = { ...device, resource: await sys.conn.get(device.path) };
  const target = actionTarget(device.resource, '#VirtualMedia.InsertMedia');
  if (target) await sys.conn.post(target, { Image: image });
  else
    await patch(sys.conn, device, { Image: image, ...(sys.quirks.patchInsertNeedsFlags ? { Inserted: true, WriteProtected: true } : {}) });
}

async function patch(conn: RedfishConnection, device: CdDevice, body: JsonObject): Promise<void> {
  const { etag } = await conn.getWithEtag(device.path);
  await conn.patch(device.path, body, etag);
}

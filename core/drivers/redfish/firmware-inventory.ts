// Firmware as pure functions over Redfish JSON: the UpdateService's FirmwareInventory members
// become Tyr's firmware components, named as Ironic names them where the member is the system
// firmware ("bios") or the BMC's ("bmc"), else by the member's Id; and how an update is sent.
import type { JsonObject } from '../../db/types.js';
import type { FirmwareComponent } from '../interfaces/firmware.js';
import { actionTarget, list, obj, str } from './resource-fields.js';

/** Ironic's component name for a FirmwareInventory member. */
export function componentName(member: JsonObject): string {
  const id = str(member, 'Id') ?? str(member, 'Name') ?? 'unknown';
  const label = `${id} ${str(member, 'Name') ?? ''}`;
  if (/\b(bios|uefi|system rom)\b/i.test(label) || /^bios/i.test(id)) return 'bios';
  if (/\b(bmc|idrac|ilo|xcc|manager)\b/i.test(label) || /^bmc/i.test(id)) return 'bmc';
  return id;
}

export interface InventoryEntry {
  component: string;
  path: string;
  version: string | null;
  updateable: boolean;
}

export function inventoryEntries(members: JsonObject[]): InventoryEntry[] {
  return members.map((m) => ({
    component: componentName(m),
    path: str(m, '@odata.id') ?? '',
    version: str(m, 'Version'),
    updateable: m.Updateable !== false,
  }));
}

export function componentsFrom(entries: InventoryEntry[]): FirmwareComponent[] {
  return entries.map((e) => ({ component: e.component, current_version: e.version }));
}

/** Versions before and after an update, in what /v1/nodes/{id}/firmware shows. */
export function updatedComponents(before: InventoryEntry[], after: InventoryEntry[], flashed: Set<string>): FirmwareComponent[] {
  const old = new Map(before.map((e) => [e.component, e.version]));
  return after.map((e) => ({
    component: e.component,
    initial_version: old.get(e.component) ?? e.version,
    current_version: e.version,
    ...(flashed.has(e.component) ? { last_version_flashed: e.version } : {}),
  }));
}

export type UpdateMethod = 'simple' | 'multipart';

export interface UpdatePlan {
  method: UpdateMethod;
  /** SimpleUpdate's action target, or the MultipartHttpPushUri. */
  uri: string;
}

/**
 * How to send an image: SimpleUpdate (the BMC downloads ImageURI) by default; a multipart push
 * (Tyr downloads and uploads the image) when asked and the BMC has MultipartHttpPushUri, or when
 * the BMC has no SimpleUpdate. Null: the BMC offers neither.
 */
export function updatePlan(updateService: JsonObject, wanted: UpdateMethod): UpdatePlan | null {
  const simple = actionTarget(updateService, '#UpdateService.SimpleUpdate');
  const push = str(updateService, 'MultipartHttpPushUri');
  if (push && (wanted === 'multipart' || !simple)) return { method: 'multipart', uri: push };
  return simple ? { method: 'simple', uri: simple } : null;
}

/** TransferProtocol for an image URL, when the BMC's allowable values have it (HTTP, HTTPS). */
export function transferProtocol(updateService: JsonObject, url: string): string | null {
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toUpperCase() ?? null;
  const allowed = list(obj(obj(updateService, 'Actions'), '#UpdateService.SimpleUpdate'), 'TransferProtocol@Redfish.AllowableValues');
  if (!scheme) return null;
  return allowed.length === 0 || allowed.includes(scheme) ? scheme : null;
}

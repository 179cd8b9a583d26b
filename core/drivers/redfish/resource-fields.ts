// Reading Redfish resources the way sushy does: a field is used only when it has the expected
// JSON type, and anything else (absent, null, a vendor's odd type) reads as "unknown" rather
// than failing the whole operation. Links are {"@odata.id": path} objects.
import type { JsonObject } from '../../db/types.js';
import type { RedfishConnection } from './connection.js';

export function str(o: JsonObject | undefined, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function num(o: JsonObject | undefined, key: string): number | null {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function obj(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function list(o: JsonObject | undefined, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? (v as unknown[]) : [];
}

/** The path of a link ({"@odata.id": "/redfish/v1/..."}), or null. */
export function linkOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as JsonObject)['@odata.id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The path a resource links to under `key` ("Bios", "Storage", ...), or null when it has none. */
export function linkAt(o: JsonObject | undefined, key: string): string | null {
  return linkOf(o?.[key]);
}

/** The paths of a collection's or a link list's members. */
export function memberPaths(collection: JsonObject | undefined, key = 'Members'): string[] {
  return list(collection, key)
    .map(linkOf)
    .filter((p): p is string => p !== null);
}

/** Every member of the collection at `path`, read one by one (as sushy's get_members). */
export async function readMembers(conn: RedfishConnection, path: string): Promise<JsonObject[]> {
  const collection = await conn.get(path);
  const out: JsonObject[] = [];
  for (const member of memberPaths(collection)) out.push(await conn.get(member));
  return out;
}

/** An action's target URI ("#Bios.ResetBios" → its "target"), or null when the resource lacks it. */
export function actionTarget(resource: JsonObject | undefined, action: string): string | null {
  return str(obj(obj(resource, 'Actions'), action), 'target');
}

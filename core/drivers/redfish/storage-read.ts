// The system's Storage subsystems with their drives, as inspection and RAID both read them:
// each Storage member, then each drive its Drives list links.
import type { JsonObject } from '../../db/types.js';
import type { RedfishConnection } from './connection.js';
import { linkAt, memberPaths, readMembers } from './resource-fields.js';

export interface StorageWithDrives {
  storage: JsonObject;
  drives: JsonObject[];
}

export async function readStorage(conn: RedfishConnection, system: JsonObject): Promise<StorageWithDrives[]> {
  const path = linkAt(system, 'Storage');
  if (!path) return [];
  const out: StorageWithDrives[] = [];
  for (const storage of await readMembers(conn, path)) {
    const drives: JsonObject[] = [];
    for (const drive of memberPaths(storage, 'Drives')) drives.push(await conn.get(drive));
    out.push({ storage, drives });
  }
  return out;
}

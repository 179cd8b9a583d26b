// Data access for a node's cached BIOS settings and firmware components. Each clean step that
// reads them replaces the node's whole set (what the machine says now is the truth); a
// firmware component keeps the version it was first seen with as initial_version.
import type { Kysely } from 'kysely';
import { now } from './codec.js';
import type { Database } from './schema.js';

interface BiosSettingsTable {
  node_id: number;
  name: string;
  value: string | null;
  registry: string;
  created_at: string;
  updated_at: string | null;
}
interface FirmwareComponentsTable {
  node_id: number;
  component: string;
  initial_version: string;
  current_version: string | null;
  last_version_flashed: string | null;
  created_at: string;
  updated_at: string | null;
}

declare module './schema.js' {
  interface Database {
    node_bios_settings: BiosSettingsTable;
    node_firmware_components: FirmwareComponentsTable;
  }
}

/** A cached BIOS setting: name, value, and what is known of its registry entry. */
export interface BiosSettingRecord {
  name: string;
  value: string | null;
  attribute_type?: string | null;
  allowed_values?: string[] | null;
  lower_bound?: number | null;
  upper_bound?: number | null;
  min_length?: number | null;
  max_length?: number | null;
  read_only?: boolean | null;
  reset_required?: boolean | null;
  unique?: boolean | null;
  created_at?: string;
  updated_at?: string | null;
}

export interface FirmwareComponentRecord {
  component: string;
  initial_version: string;
  current_version: string | null;
  last_version_flashed: string | null;
  created_at?: string;
  updated_at?: string | null;
}

export class BiosSettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(nodeId: number): Promise<BiosSettingRecord[]> {
    const rows = await this.db.selectFrom('node_bios_settings').selectAll().where('node_id', '=', nodeId).orderBy('name').execute();
    return rows.map((r) => ({
      ...(JSON.parse(r.registry) as object),
      name: r.name,
      value: r.value,
      created_at: r.created_at,
      updated_at: r.updated_at,
    }));
  }

  async replace(nodeId: number, settings: BiosSettingRecord[]): Promise<void> {
    const before = new Map((await this.list(nodeId)).map((s) => [s.name, s]));
    const at = now();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('node_bios_settings').where('node_id', '=', nodeId).execute();
      for (const s of settings) {
        const { name, value, created_at: _c, updated_at: _u, ...registry } = s;
        const old = before.get(name);
        await tx
          .insertInto('node_bios_settings')
          .values({
            node_id: nodeId,
            name,
            value: value ?? null,
            registry: JSON.stringify(registry),
            created_at: old?.created_at ?? at,
            updated_at: old ? at : null,
          })
          .execute();
      }
    });
  }
}

export class FirmwareComponentsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(nodeId: number): Promise<FirmwareComponentRecord[]> {
    return this.db
      .selectFrom('node_firmware_components')
      .select(['component', 'initial_version', 'current_version', 'last_version_flashed', 'created_at', 'updated_at'])
      .where('node_id', '=', nodeId)
      .orderBy('component')
      .execute();
  }

  /** Upserts each component; initial_version stays what it was first recorded as. */
  async record(
    nodeId: number,
    components: {
      component: string;
      initial_version?: string | null;
      current_version: string | null;
      last_version_flashed?: string | null;
    }[],
  ): Promise<void> {
    const before = new Map((await this.list(nodeId)).map((c) => [c.component, c]));
    const at = now();
    await this.db.transaction().execute(async (tx) => {
      for (const c of components) {
        const old = before.get(c.component);
        if (old) {
          await tx
            .updateTable('node_firmware_components')
            .set({
              current_version: c.current_version,
              last_version_flashed: c.last_version_flashed ?? old.last_version_flashed,
              updated_at: at,
            })
            .where('node_id', '=', nodeId)
            .where('component', '=', c.component)
            .execute();
        } else {
          await tx
            .insertInto('node_firmware_components')
            .values({
              node_id: nodeId,
              component: c.component,
              initial_version: c.initial_version ?? c.current_version ?? 'unknown',
              current_version: c.current_version,
              last_version_flashed: c.last_version_flashed ?? null,
              created_at: at,
              updated_at: null,
            })
            .execute();
        }
      }
    });
  }
}

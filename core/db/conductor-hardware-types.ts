// Data access for what each conductor registered about the hardware types it serves: the API
// processes' driver catalog (core/drivers/catalog.ts) reads it; conductors write it on start.
import type { Insertable, Kysely, Selectable } from 'kysely';
import { makeCodec } from './codec.js';
import type { ConductorHardwareTypesTable, Database } from './schema.js';
import type { ConductorHardwareType } from './types.js';

const codec = makeCodec<Selectable<ConductorHardwareTypesTable>, ConductorHardwareType>({
  json: ['interfaces', 'properties'],
  bool: [],
  jsonDefault: { interfaces: {}, properties: {} },
});

export class ConductorHardwareTypeRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces a conductor's registrations: a type it no longer serves must not stay listed. */
  async replace(conductorId: number, types: Omit<ConductorHardwareType, 'conductor_id'>[]): Promise<void> {
    const write = async (db: Kysely<Database>) => {
      await db.deleteFrom('conductor_hardware_types').where('conductor_id', '=', conductorId).execute();
      if (types.length === 0) return;
      await db
        .insertInto('conductor_hardware_types')
        // Every column is given, so each encoding is a whole row.
        .values(types.map((t) => codec.encode({ ...t, conductor_id: conductorId }) as Insertable<ConductorHardwareTypesTable>))
        .execute();
    };
    // Readers never see the conductor half-registered.
    if (this.db.isTransaction) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  /** Every registration, alive or not; ordered by hardware type, then conductor. */
  async list(): Promise<ConductorHardwareType[]> {
    const rows = await this.db
      .selectFrom('conductor_hardware_types')
      .selectAll()
      .orderBy('hardware_type')
      .orderBy('conductor_id')
      .execute();
    return rows.map((row) => codec.decode(row));
  }
}

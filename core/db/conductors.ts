// Data access for conductor registrations and their heartbeats.
import type { Kysely, Selectable } from 'kysely';
import { makeCodec, now } from './codec.js';
import type { ConductorsTable, Database } from './schema.js';
import type { Conductor } from './types.js';

export interface ConductorUrls {
  rpc_url?: string;
  boot_url?: string;
}

const codec = makeCodec<Selectable<ConductorsTable>, Conductor>({
  json: ['hardware_types'],
  bool: ['online'],
  jsonDefault: { hardware_types: [] },
});

export class ConductorRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Registers (or re-registers after a restart) a conductor as online. */
  async register(hostname: string, conductorGroup: string, hardwareTypes: string[], urls: ConductorUrls = {}): Promise<Conductor> {
    // URLs not given are left as they are: a re-registration must not make a conductor unreachable.
    const values = {
      conductor_group: conductorGroup,
      hardware_types: JSON.stringify(hardwareTypes),
      online: 1,
      updated_at: now(),
      ...(urls.rpc_url !== undefined ? { rpc_url: urls.rpc_url } : {}),
      ...(urls.boot_url !== undefined ? { boot_url: urls.boot_url } : {}),
    };
    const row = await this.db
      .insertInto('conductors')
      .values({ hostname, created_at: now(), ...values })
      .onConflict((oc) => oc.column('hostname').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return codec.decode(row);
  }

  async heartbeat(hostname: string): Promise<void> {
    await this.db.updateTable('conductors').set({ updated_at: now(), online: 1 }).where('hostname', '=', hostname).execute();
  }

  async markOffline(hostname: string): Promise<void> {
    await this.db.updateTable('conductors').set({ online: 0, updated_at: now() }).where('hostname', '=', hostname).execute();
  }

  /**
   * Marks a conductor offline only if it has not heartbeated since `lastSeen` (its updated_at
   * when judged dead): a conductor that restarted in the meantime stays online.
   */
  async markOfflineIfSilentSince(hostname: string, lastSeen: string): Promise<boolean> {
    const result = await this.db
      .updateTable('conductors')
      .set({ online: 0 })
      .where('hostname', '=', hostname)
      .where('updated_at', '=', lastSeen)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async list(): Promise<Conductor[]> {
    const rows = await this.db.selectFrom('conductors').selectAll().orderBy('hostname').execute();
    return rows.map((row) => codec.decode(row));
  }

  async findByHostname(hostname: string): Promise<Conductor | undefined> {
    const row = await this.db.selectFrom('conductors').selectAll().where('hostname', '=', hostname).executeTakeFirst();
    return row && codec.decode(row);
  }
}

/** A conductor is alive when it says it is online and its last heartbeat is recent enough. */
export function isAlive(c: Conductor, heartbeatTimeoutSeconds: number, at = Date.now()): boolean {
  return c.online && at - Date.parse(c.updated_at) < heartbeatTimeoutSeconds * 1000;
}

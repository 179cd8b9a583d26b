// A large fleet for the console's tests and benchmark, written straight into the store: one node
// is enrolled through the API (so its driver interfaces are what Tyr fills in), then cloned in
// chunks inside one transaction with varied names, states, power states, classes and maintenance.
// 10,000 nodes take about a second this way, against minutes through the API.
import type { RunningServer } from '../../core/server.js';

/** The variety the clones cycle through; tests derive expected counts from the DB, not from these. */
const STATES = ['available', 'active', 'manageable', 'enroll', 'deploy failed', 'clean failed'];
const POWER = ['power on', 'power off'];
const CLASSES = ['baremetal-small', 'baremetal-large', 'baremetal-gpu'];
const CHUNK = 200;

export const seededName = (i: number) => `fleet-${String(i).padStart(5, '0')}`;

export async function seedFleet(server: RunningServer, count: number, templateUuid: string): Promise<void> {
  const k = server.store.db.kysely;
  const template = await k.selectFrom('nodes').selectAll().where('uuid', '=', templateUuid).executeTakeFirstOrThrow();
  const { id: _id, ...base } = template;
  // A fleet at rest: each node last changed a second apart, ending an hour ago. The console's
  // change stream starts from the newest change with a look-back of seconds; one shared stamp
  // would make it read the whole seed again each time it starts.
  const restedAt = Date.now() - 3_600_000;
  const stamp = (i: number) => new Date(restedAt - (count - i) * 1000).toISOString();
  await k.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += CHUNK) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + CHUNK); i++) {
        rows.push({
          ...base,
          uuid: `f1ee7000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
          name: seededName(i),
          provision_state: STATES[i % STATES.length]!,
          power_state: POWER[i % POWER.length]!,
          resource_class: CLASSES[i % CLASSES.length]!,
          maintenance: i % 17 === 0 ? 1 : 0,
          maintenance_reason: i % 17 === 0 ? 'seeded for the console test' : null,
          created_at: stamp(i),
          updated_at: stamp(i),
        });
      }
      await trx.insertInto('nodes').values(rows).execute();
    }
  });
}

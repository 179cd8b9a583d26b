// The fleet gauges and the DB query metrics on every dialect: one GROUP BY gives the counts by
// provision state, power state and maintenance (SQLite keeps booleans as 0/1, PostgreSQL as
// booleans), and Kysely's log hook times queries by kind.
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { openDatabase } from '../../../core/db/connect.js';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { Store } from '../../../core/db/store.js';
import { DbMetrics } from '../../../core/metrics/db-metrics.js';
import { FleetMetrics } from '../../../core/metrics/fleet-metrics.js';
import { forEachDialect, freshDatabaseUrl } from '../../helpers/databases.js';
import { parseExposition, valueOf } from './exposition.js';

forEachDialect('metrics: fleet gauges', (ctx) => {
  it('counts nodes by provision state, power state and maintenance from one GROUP BY', async () => {
    const { nodes, fleetSummary } = ctx.store;
    const a = await nodes.create({ driver: 'fake-hardware' });
    const b = await nodes.create({ driver: 'fake-hardware' });
    await nodes.create({ driver: 'fake-hardware' });
    await nodes.update(a.id, { provision_state: 'available', power_state: 'power off' });
    await nodes.update(b.id, { provision_state: 'available', power_state: 'power on', maintenance: true });

    expect(await fleetSummary.stateCounts()).to.have.deep.members([
      { provision_state: 'available', power_state: 'power off', maintenance: false, fault: null, count: 1 },
      { provision_state: 'available', power_state: 'power on', maintenance: true, fault: null, count: 1 },
      { provision_state: 'enroll', power_state: null, maintenance: false, fault: null, count: 1 },
    ]);
    const registry = new Registry();
    new FleetMetrics(registry, ctx.store);
    const samples = parseExposition(await registry.metrics());
    expect(valueOf(samples, 'tyr_nodes')).to.equal(3);
    expect(valueOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'available' })).to.equal(2);
    expect(valueOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'enroll' })).to.equal(1);
    expect(valueOf(samples, 'tyr_nodes_by_power_state', { power_state: 'None' })).to.equal(1);
    expect(valueOf(samples, 'tyr_nodes_by_power_state', { power_state: 'power on' })).to.equal(1);
    expect(valueOf(samples, 'tyr_nodes_maintenance')).to.equal(1);
  });

  it("times the store's queries by kind through Kysely's log hook", async () => {
    const registry = new Registry();
    const metrics = new DbMetrics(registry);
    const db = await openDatabase(await freshDatabaseUrl(ctx.dialect), { sqliteSynchronous: 'normal', log: metrics.log });
    const store = new Store(db);
    try {
      await migrateToLatest(db);
      const node = await store.nodes.create({ driver: 'fake-hardware' });
      await store.nodes.update(node.id, { name: 'timed' });
      await store.nodes.getById(node.id);
    } finally {
      await store.close();
    }
    const samples = parseExposition(await registry.metrics());
    for (const kind of ['select', 'insert', 'update']) {
      expect(valueOf(samples, 'tyr_db_query_duration_seconds_count', { kind })).to.be.greaterThan(0, kind);
    }
  });
});

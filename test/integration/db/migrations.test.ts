// Migrations create a new database and upgrade an existing one in place, on both dialects.
import { expect } from 'chai';
import { openDatabase } from '../../../core/db/connect.js';
import { migrateDown, migrateToLatest } from '../../../core/db/migrate.js';
import { MIGRATIONS } from '../../../core/db/migrations/index.js';
import { Store } from '../../../core/db/store.js';
import { DIALECTS, freshDatabaseUrl } from '../../helpers/databases.js';

for (const dialect of DIALECTS) {
  describe(`migrations [${dialect}]`, function () {
    this.timeout(60_000);

    it('creates the schema, is a no-op when re-run, keeps data across re-opening, and rolls back', async () => {
      const url = await freshDatabaseUrl(dialect);
      const db = await openDatabase(url);
      const first = await migrateToLatest(db);
      expect(first.results?.map((r) => r.migrationName)).to.deep.equal(Object.keys(MIGRATIONS));
      const store = new Store(db);
      const node = await store.nodes.create({ driver: 'fake-hardware', name: 'keep-me' });
      await db.close();

      const reopened = await openDatabase(url);
      const second = await migrateToLatest(reopened);
      expect(second.results).to.deep.equal([]);
      expect((await new Store(reopened).nodes.getByIdent('keep-me')).uuid).to.equal(node.uuid);

      // Each step down undoes the newest migration only: 0012 (the ports' change indexes), 0011 (the console's indexes), 0010 (the conductors' hardware types),
      // 0009 (the nodes' shard index), 0008
      // (interface names: data only), 0007
      // (deploy templates), 0006 (volume connectors and targets), 0005 (allocations), then 0004 (the
      // conductors' URL columns).
      const portIndexes = await migrateDown(reopened);
      expect(portIndexes.results?.map((r) => [r.migrationName, r.direction])).to.deep.equal([['0012-port-change-indexes', 'Down']]);
      const consoleIndexes = await migrateDown(reopened);
      expect(consoleIndexes.results?.map((r) => [r.migrationName, r.direction])).to.deep.equal([['0011-console-indexes', 'Down']]);
      const newest = await migrateDown(reopened);
      expect(newest.results?.map((r) => [r.migrationName, r.direction])).to.deep.equal([['0010-conductor-hardware-types', 'Down']]);
      expect((await reopened.kysely.introspection.getTables()).map((t) => t.name)).to.not.include('conductor_hardware_types');
      const shardIndex = await migrateDown(reopened);
      expect(shardIndex.results?.map((r) => [r.migrationName, r.direction])).to.deep.equal([['0009-node-shard-index', 'Down']]);
      const down = await migrateDown(reopened);
      expect(down.results?.[0]).to.include({ direction: 'Down', migrationName: '0008-ironic-interface-names' });
      let tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.include('deploy_templates');
      await migrateDown(reopened);
      tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.not.include('deploy_templates');
      expect(tables).to.include.members(['volume_connectors', 'volume_targets']);
      await migrateDown(reopened);
      tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.not.include('volume_connectors').and.not.include('volume_targets');
      expect(tables).to.include('allocations');
      await migrateDown(reopened);
      tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.not.include('allocations');
      expect(tables).to.include('nodes');
      await migrateDown(reopened);
      const conductorColumns = (await reopened.kysely.introspection.getTables())
        .find((t) => t.name === 'conductors')!
        .columns.map((c) => c.name);
      expect(conductorColumns).to.include('hostname').and.not.include('rpc_url');
      // The next undoes 0003, the hardware-operation tables.
      await migrateDown(reopened);
      tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.not.include('node_bios_settings');
      expect(tables).to.not.include('node_firmware_components');
      expect(tables).to.include('inspection_rules');
      expect(tables).to.include('nodes');
      while ((await migrateDown(reopened)).results?.length) {
        /* down to nothing */
      }
      tables = (await reopened.kysely.introspection.getTables()).map((t) => t.name);
      expect(tables).to.not.include('nodes');
      await reopened.close();
    });
  });
}

// A nova baremetal database on MariaDB (how production ran it), read through mysql2 from a real
// mariadbd started for the run (test/helpers/mariadb.ts).
import { expect } from 'chai';
import fs from 'node:fs';
import { migrateNovaBaremetal } from '../../../migrate/run.js';
import { createMariadbDatabase } from '../../helpers/mariadb.js';
import { FIXTURE_PASSWORDS, fixtureScript, instance, OPTIONS, tyrTarget, uuid, VARIANTS } from './sources.js';

describe('migrate nova-baremetal: MariaDB source', function () {
  this.timeout(120_000);

  for (const variant of VARIANTS) {
    it(`migrates the ${variant} schema from mysql://, hiding the database password`, async () => {
      const source = await createMariadbDatabase(fixtureScript(variant));
      const target = tyrTarget();
      const store = await target.open();
      const printed: string[] = [];
      try {
        const { report } = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source }, (t) => printed.push(t));
        expect(report.schema_variant).to.equal(variant);
        expect(report.counts).to.deep.equal({
          nodes: { migrated: 6, skipped: 1, invalid: 1 },
          ports: { migrated: 9, skipped: 1, invalid: 3 },
        });
        expect(report.source).to.match(/^mysql:\/\/nova:\*\*\*\*\*\*@127\.0\.0\.1:\d+\/nova_bm_/);
        const node = await store.nodes.findByUuid(uuid(1));
        expect(node).to.include({ instance_uuid: instance(1), provision_state: 'active', power_state: 'power on', driver: 'ipmi' });
        expect(node!.driver_info).to.include({ ipmi_password: 's3cret-one' });
        expect((await store.ports.listByNode(node!.id)).map((p) => p.address)).to.deep.equal(['52:54:00:00:01:01']);
        for (const pw of FIXTURE_PASSWORDS) expect(printed.join('\n') + JSON.stringify(report)).not.to.include(pw);
      } finally {
        await store.close();
        fs.rmSync(target.dir, { recursive: true, force: true });
      }
    });
  }
});

// A deployment the size of the largest known nova-baremetal one and then some: 2,000 nodes with
// two interfaces each, generated here (Icehouse schema), must migrate in under 30 s.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateNovaBaremetal } from '../../../migrate/run.js';
import { fixtureScript, OPTIONS, tempDir, tyrTarget } from './sources.js';

const NODES = 2000;

/** The Icehouse fixture's tables (its CREATE statements only), filled with generated rows. */
function bigSource(): string {
  const ddl = fixtureScript('icehouse')
    .split(';')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => /^create table/i.test(s));
  const file = path.join(tempDir('big'), 'nova_bm.sqlite');
  const db = new BetterSqlite3(file);
  for (const stmt of ddl) db.exec(stmt);
  const node =
    db.prepare(`insert into bm_nodes (id, uuid, deleted, cpus, memory_mb, local_gb, pm_address, pm_user, pm_password, service_host,
    instance_uuid, instance_name, task_state, root_mb, swap_mb, ephemeral_mb, preserve_ephemeral) values (?, ?, 0, 24, 131072, 2000, ?, 'admin', 'pw', 'bm-compute-1', ?, ?, ?, 40960, 0, 0, 0)`);
  const iface = db.prepare(
    'insert into bm_interfaces (id, bm_node_id, deleted, address, datapath_id, port_no, vif_uuid) values (?, ?, 0, ?, ?, ?, ?)',
  );
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  db.transaction(() => {
    for (let i = 1; i <= NODES; i++) {
      const active = i % 2 === 0;
      node.run(
        i,
        `b0000000-0000-4000-8000-${hex(i, 12)}`,
        `10.${i >> 8}.${i & 255}.1`,
        active ? `c0000000-0000-4000-8000-${hex(i, 12)}` : null,
        active ? `instance-${i}` : null,
        active ? 'active' : null,
      );
      for (const k of [1, 2]) {
        iface.run(
          i * 2 + k,
          i,
          `52:54:${hex(k, 2)}:${hex(i >> 16, 2)}:${hex((i >> 8) & 255, 2)}:${hex(i & 255, 2)}`,
          '0000a0b1c2d3e4f5',
          i % 48,
          active && k === 1 ? `d0000000-0000-4000-8000-${hex(i, 12)}` : null,
        );
      }
    }
  })();
  db.close();
  return file;
}

describe('migrate nova-baremetal: scale', function () {
  this.timeout(120_000);

  it(`migrates ${NODES} nodes in under 30 s`, async () => {
    const source = bigSource();
    const target = tyrTarget();
    const store = await target.open();
    try {
      const started = Date.now();
      const { report } = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source });
      const seconds = (Date.now() - started) / 1000;
      console.log(`      ${NODES} nodes and ${report.counts.ports.migrated} ports migrated in ${seconds.toFixed(2)} s`);
      expect(report.counts.nodes.migrated).to.equal(NODES);
      expect(report.counts.ports.migrated).to.equal(NODES * 2);
      expect(await store.nodes.count()).to.equal(NODES);
      expect(await store.nodes.count({ provision_state: 'active' })).to.equal(NODES / 2);
      expect(seconds).to.be.below(30);
    } finally {
      await store.close();
      fs.rmSync(target.dir, { recursive: true, force: true });
      fs.rmSync(path.dirname(source), { recursive: true, force: true });
    }
  });
});

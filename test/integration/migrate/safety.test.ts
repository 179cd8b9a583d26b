// The migration's safety rules: re-runs skip what is there, a failure mid-way rolls everything
// back and names the row, a dry run writes nothing, and the CLI wires the options through.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { migrateNovaBaremetal } from '../../../migrate/run.js';
import { FIXTURE_PASSWORDS, fixtureScript, instance, OPTIONS, sqliteSource, tyrTarget, uuid } from './sources.js';
import { tyrLauncher } from '../../helpers/tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function tyr(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...tyrLauncher(), ...args],
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, TYR_CONFIG: '' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Tables in a Tyr SQLite file: 0 means nothing at all was written. */
function tableCount(target: ReturnType<typeof tyrTarget>): number {
  const db = new BetterSqlite3(target.url.slice('sqlite:'.length), { readonly: true });
  try {
    return (db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('migrate nova-baremetal: safety', function () {
  this.timeout(120_000);
  const source = sqliteSource(fixtureScript('havana'));

  it('is idempotent: a re-run skips the nodes already there (same UUID) and reports them', async () => {
    const target = tyrTarget();
    const store = await target.open();
    try {
      const first = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source });
      expect(first.report.counts.nodes.migrated).to.equal(6);
      const second = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source });
      expect(second.report.counts.nodes).to.deep.equal({ migrated: 0, skipped: 7, invalid: 1 });
      expect(second.report.counts.ports.migrated).to.equal(0);
      const again = second.report.skipped
        .filter((e) => e.reason === 'already in Tyr (same UUID)')
        .map((e) => e.uuid)
        .sort();
      expect(again).to.deep.equal([1, 2, 3, 5, 6, 8].map(uuid));
      expect(await store.nodes.count()).to.equal(6);
    } finally {
      await store.close();
    }
  });

  it('rolls everything back on a failure and names the row that caused it', async () => {
    const target = tyrTarget();
    const store = await target.open();
    try {
      await migrateToLatest(store.db);
      // A Tyr node that already serves bm_nodes id=6's instance: the insert of that row fails
      // after ids 1, 2, 3 and 5 were written in the same transaction.
      await store.nodes.create({ driver: 'fake-hardware', name: 'already-here', instance_uuid: instance(6), provision_state: 'active' });
      const err = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).to.match(
        /rolled back, nothing was written: bm_nodes id=6 \(node a0000000-0000-4000-8000-000000000006\) failed: Instance 1e000000-0000-4000-8000-000000000006 is already associated/,
      );
      expect(await store.nodes.count()).to.equal(1);
      expect(await store.nodes.findByUuid(uuid(1))).to.equal(undefined);
      expect(await store.ports.findByAddress('52:54:00:00:01:01')).to.equal(undefined);
      // An injected failure in the middle of writing ports' parent rows rolls back the same way.
      const err2 = await migrateNovaBaremetal(store, target.config, {
        ...OPTIONS,
        source: sqliteSource(fixtureScript('icehouse')),
        beforeNode: (_n, i) => {
          if (i === 3) throw new Error('injected failure');
        },
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err2?.message).to.match(/bm_nodes id=5 .* failed: injected failure/);
      expect(await store.nodes.count()).to.equal(1);
    } finally {
      await store.close();
    }
  });

  it('dry run prints the full plan, writes nothing, and shows no password', async () => {
    const target = tyrTarget();
    const store = await target.open();
    const printed: string[] = [];
    try {
      const { report } = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source, dryRun: true }, (t) => printed.push(t));
      expect(report.dry_run).to.equal(true);
      expect(report.counts.nodes.migrated).to.equal(6);
    } finally {
      await store.close();
    }
    const text = printed.join('\n');
    for (const n of [1, 2, 3, 5, 6, 8]) expect(text).to.include(uuid(n));
    expect(text).to.include('52:54:00:00:02:04').and.include('fake-hardware').and.include('would migrate 6 nodes and 9 ports');
    for (const pw of FIXTURE_PASSWORDS) expect(text).not.to.include(pw);
    expect(tableCount(target)).to.equal(0);
  });

  it('the tyr CLI: dry run, real run with --no-provide and --report, and a one-line error for a bad source', async () => {
    const target = tyrTarget();
    const base = ['migrate', 'nova-baremetal', '--source', source, '--db', target.url, '--node-arch', 'aarch64'];
    const dry = await tyr([...base, '--dry-run']);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.include('Nodes:').and.include('Ports:').and.include('would migrate 6 nodes');
    expect(tableCount(target)).to.equal(0);
    const report = path.join(target.dir, 'report.json');
    const real = await tyr([...base, '--no-provide', '--report', report, '--deploy-kernel', 'k', '--deploy-ramdisk', 'r']);
    expect(real.code, real.stderr).to.equal(0);
    expect(real.stdout).to.match(/migrated 6 nodes and 9 ports/);
    for (const pw of FIXTURE_PASSWORDS) expect(real.stdout + real.stderr + fs.readFileSync(report, 'utf8')).not.to.include(pw);
    const store = await target.open();
    try {
      const idle = await store.nodes.findByUuid(uuid(3));
      expect(idle).to.include({ provision_state: 'manageable' });
      expect(idle!.properties).to.include({ cpu_arch: 'aarch64' });
      expect(idle!.driver_info).to.include({ deploy_kernel: 'k', deploy_ramdisk: 'r' });
    } finally {
      await store.close();
    }
    const bad = await tyr(['migrate', 'nova-baremetal', '--source', path.join(target.dir, 'missing.sqlite'), '--db', target.url]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr.trim()).to.match(/^tyr migrate nova-baremetal: --source .*missing\.sqlite: no such file/);
  });
});

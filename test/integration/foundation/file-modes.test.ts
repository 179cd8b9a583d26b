// The data directory and the SQLite database hold BMC passwords and agent tokens (issue #18
// item 5): a real `tyr server` creates the directory 0700 and the database, -wal and -shm 0600,
// and on start-up tightens looser modes with a warning naming the path and its old mode. Before,
// the database was 0644 in a 0755 directory (the umask's modes) and nothing was checked.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';

const mode = (p: string) => `0${(fs.statSync(p).mode & 0o777).toString(8)}`;

describe('file modes of the data directory and the database', function () {
  this.timeout(90_000);
  let tmp: string;
  let server: TyrProcess | undefined;
  // A umask of 0 is the worst case: without Tyr's own modes everything would be world-readable.
  const previousUmask = process.umask(0);

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-modes-'));
  });
  after(async () => {
    await server?.kill();
    process.umask(previousUmask);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and the database, its -wal and -shm 0600', async () => {
    const dataDir = path.join(tmp, 'fresh', 'var');
    server = await startTyrServer(['--data-dir', dataDir]);
    // A write, so that the WAL is in use while we look.
    expect(
      (await fetch(`${server.url}/v1/chassis`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
    ).to.equal(201);
    expect(mode(dataDir)).to.equal('0700');
    for (const f of ['tyr.sqlite', 'tyr.sqlite-wal', 'tyr.sqlite-shm']) expect(mode(path.join(dataDir, f)), f).to.equal('0600');
    expect(server.output()).to.not.match(/had mode/);
    await server.kill();
    server = undefined;
  });

  it('tightens looser modes at start-up and logs each path with its old mode', async () => {
    const dataDir = path.join(tmp, 'fresh', 'var');
    const db = path.join(dataDir, 'tyr.sqlite');
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(db, 0o644);
    fs.writeFileSync(`${db}-shm`, Buffer.alloc(0), { mode: 0o666 }); // left behind by a crash
    server = await startTyrServer(['--data-dir', dataDir]);
    expect(mode(dataDir)).to.equal('0700');
    expect(mode(db)).to.equal('0600');
    expect(mode(`${db}-shm`)).to.equal('0600');
    const warnings = server
      .output()
      .split('\n')
      .filter((l) => l.includes('had mode'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warnings.map((w) => [w.path, w.old_mode, w.level])).to.have.deep.members([
      [dataDir, '0755', 40],
      [db, '0644', 40],
      [`${db}-shm`, '0666', 40],
    ]);
  });
});

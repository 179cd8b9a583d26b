// Start-up problems a person can fix end `tyr server` with one clear line and a non-zero exit.
import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { killAllStarted, runTyr } from '../../helpers/tyr-process.js';

function lastLine(s: string): string {
  return s.trim().split('\n').at(-1) ?? '';
}

describe('tyr server start-up errors', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-startup-'));
  });
  after(() => {
    killAllStarted();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a database URL it does not understand', async () => {
    const r = await runTyr(['server', '--db', 'mysql://x/y', '--data-dir', tmp]);
    expect(r.code).to.not.equal(0);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(lastLine(r.stderr)).to.match(/database\.url \(--db\).*mysql:\/\/x\/y.*accepted: sqlite:<path> or postgres:\/\//);
  });

  it('names the PostgreSQL server it cannot reach, without the password', async () => {
    const r = await runTyr(['server', '--db', 'postgres://tyr:hunter2@127.0.0.1:1/tyr']);
    expect(r.code).to.not.equal(0);
    expect(lastLine(r.stderr)).to.contain('cannot connect to PostgreSQL at postgres://tyr:******@127.0.0.1:1/tyr');
    expect(r.stderr).to.not.contain('hunter2');
  });

  it('refuses a data directory it cannot write', async () => {
    // A path below a regular file can never be created, even by root (chmod does not stop root).
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    const r = await runTyr(['server', '--data-dir', path.join(file, 'var')]);
    expect(r.code).to.not.equal(0);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(lastLine(r.stderr)).to.match(/directory .*a-file\/var is not writable.*ENOTDIR/);
  });

  it('refuses a port that is already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runTyr(['server', '--api-port', String(port), '--data-dir', tmp]);
      expect(r.code).to.not.equal(0);
      expect(lastLine(r.stderr)).to.equal(
        `tyr server: API port ${port} on 127.0.0.1 is already in use (stop the other process or choose another --api-port)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('names a bad option and its accepted values', async () => {
    const r = await runTyr(['server', '--api-port', 'seventy', '--data-dir', tmp]);
    expect(r.code).to.not.equal(0);
    expect(lastLine(r.stderr)).to.equal(
      'tyr server: invalid value for api.port (--api-port): "seventy" (accepted: an integer from 0 to 65535)',
    );
  });
});

describe('tyr server start-up errors (authentication)', function () {
  this.timeout(30_000);
  after(() => killAllStarted());

  it('refuses an htpasswd file it cannot read, with one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-auth-'));
    const r = await runTyr(['server', '--data-dir', dir, '--auth-strategy', 'http_basic'], {
      TYR_API_HTPASSWD_FILE: path.join(dir, 'missing'),
    });
    expect(r.code).to.not.equal(0);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(lastLine(r.stderr)).to.match(/cannot read api\.htpasswd_file .*missing/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('tyr api / tyr conductor start-up errors', function () {
  this.timeout(60_000);
  after(() => killAllStarted());

  it('refuses to start the split processes without a shared RPC secret, or with a weak one', async () => {
    for (const command of ['api', 'conductor']) {
      const r = await runTyr([command, '--db', 'sqlite::memory:'], { TYR_RPC_SECRET: '' });
      expect(r.code, command).to.equal(2);
      expect(r.stderr.trim()).to.equal(
        `tyr ${command}: the shared RPC secret is not set: set TYR_RPC_SECRET (or rpc.secret in the config file) to the same value in every tyr api and tyr conductor process`,
      );
    }
    const weak = await runTyr(['api', '--db', 'sqlite::memory:'], { TYR_RPC_SECRET: 'letmein' });
    expect(weak.code).to.equal(2);
    expect(weak.stderr).to.contain('the RPC secret is too short (7 characters)').and.not.contain('letmein');
  });

  it('refuses to start a conductor that does not know where the API is', async () => {
    const r = await runTyr(['conductor', '--db', 'sqlite::memory:'], {
      TYR_RPC_SECRET: 'a-long-enough-shared-secret',
      TYR_API_PUBLIC_URL: '',
    });
    expect(r.code).to.equal(2);
    expect(r.stderr.trim()).to.match(/^tyr conductor: api\.public_url \(TYR_API_PUBLIC_URL\) is not set/);
  });
});

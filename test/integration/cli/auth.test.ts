// The CLI against Tyr with http_basic authentication: credentials from the environment or the
// flags, a refusal printed as one line, and the password never echoed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';

describe('tyr CLI with HTTP Basic authentication', function () {
  this.timeout(60_000);
  let h: CliHarness;
  const admin = { TYR_USERNAME: 'admin', TYR_PASSWORD: 'adm1n-pw' };

  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cli-auth-'));
    const file = path.join(dir, 'htpasswd');
    fs.writeFileSync(file, `admin:${bcrypt.hashSync('adm1n-pw', 4)}\nviewer:${bcrypt.hashSync('v1ew-pw', 4)}\n`);
    h = await startTyr({ auth_strategy: 'http_basic', reader_users: 'viewer', htpasswd_file: file });
  });
  after(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('TYR_USERNAME/TYR_PASSWORD authenticate; flags work too', async () => {
    ok(await h.tyrWith(admin, 'node', 'create', '--driver', 'fake-hardware', '--name', 'auth-n1'));
    expect(ok(await h.tyrWith(admin, 'node', 'list', '-f', 'value', '-c', 'name')).trim()).to.equal('auth-n1');
    expect(
      ok(await h.tyr('node', 'show', 'auth-n1', '--username', 'viewer', '--password', 'v1ew-pw', '-f', 'value', '-c', 'name')).trim(),
    ).to.equal('auth-n1');
  });

  it('no or wrong credentials: exit 1, one line, password not printed', async () => {
    const none = await h.tyr('node', 'list');
    expect(none.code).to.equal(1);
    expect(none.stderr.trim().split('\n')).to.have.length(1);
    expect(none.stderr).to.match(/^tyr: /);
    const wrong = await h.tyr('node', 'list', '--username', 'admin', '--password', 'not-the-pw-42');
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(/^tyr: /);
    expect(wrong.stderr + wrong.stdout).not.to.contain('not-the-pw-42');
  });

  it('a reader may list but not change', async () => {
    const r = await h.tyrWith({ TYR_USERNAME: 'viewer', TYR_PASSWORD: 'v1ew-pw' }, 'node', 'maintenance', 'set', 'auth-n1');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^tyr: .*auth-n1/);
  });
});

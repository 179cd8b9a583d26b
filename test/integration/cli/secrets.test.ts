// Secrets and the command line (issue #18, item 14): `--password`, `--driver-info
// ipmi_password=…`, `--rescue-password` and a `--db` URL with a password were only accepted
// literally, where `ps` shows them to every user. Now each also comes from a file (@FILE), the
// environment or a prompt on a terminal, and a literal one is warned about.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { ok, startTyr, type CliHarness, type CliResult } from '../../helpers/cli-harness.js';
import { tyrLauncher } from '../../helpers/tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WARNING = /warning: the secret given to .* is visible to every user of this host \(ps\)/;

describe('tyr CLI: secrets off the command line', function () {
  this.timeout(120_000);
  let h: CliHarness;
  let dir: string;
  const secretFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  const driverInfo = async (name: string) => (await h.server.store.nodes.getByIdent(name)).driver_info;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cli-secrets-'));
    const htpasswd = secretFile('htpasswd', `admin:${bcrypt.hashSync('adm1n-pw', 4)}\n`);
    h = await startTyr({ auth_strategy: 'http_basic', htpasswd_file: htpasswd });
  });
  after(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--password literally: works, with a warning that does not repeat it', async () => {
    const r = await h.tyr('node', 'list', '--username', 'admin', '--password', 'adm1n-pw');
    ok(r);
    expect(r.stderr).to.match(WARNING).and.contain('--password @FILE').and.contain('TYR_PASSWORD');
    expect(r.stderr).to.not.contain('adm1n-pw');
  });

  it('--password @FILE reads it from the file, without a warning', async () => {
    const r = await h.tyr('node', 'list', '--username', 'admin', '--password', `@${secretFile('pw', 'adm1n-pw\n')}`);
    ok(r);
    expect(r.stderr).to.not.match(WARNING);
    const missing = await h.tyr('node', 'list', '--username', 'admin', '--password', `@${dir}/nope`);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/cannot read --password from .*nope: ENOENT/);
  });

  it('--password without a value and no terminal: refused, naming the other sources', async () => {
    const r = await h.tyr('node', 'list', '--username', 'admin', '--password');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/--password has no value and stdin is not a terminal.*TYR_PASSWORD.*@FILE/);
  });

  it("--driver-info ipmi_password=@FILE stores the file's content as a string; a literal one is warned about", async () => {
    const admin = { TYR_USERNAME: 'admin', TYR_PASSWORD: 'adm1n-pw' };
    const fromFile = await h.tyrWith(
      admin,
      'node',
      'create',
      '--driver',
      'fake-hardware',
      '--name',
      'sec-1',
      '--driver-info',
      `ipmi_password=@${secretFile('ipmi', '1234\n')}`,
      '--driver-info',
      'ipmi_username=root',
    );
    ok(fromFile);
    expect(fromFile.stderr).to.not.match(WARNING);
    expect(await driverInfo('sec-1')).to.deep.include({ ipmi_password: '1234', ipmi_username: 'root' });

    const literal = await h.tyrWith(admin, 'node', 'set', 'sec-1', '--driver-info', 'ipmi_password=hunter2-literal');
    ok(literal);
    expect(literal.stderr).to.match(WARNING).and.contain('--driver-info ipmi_password=@FILE').and.not.contain('hunter2-literal');
    expect(await driverInfo('sec-1')).to.deep.include({ ipmi_password: 'hunter2-literal' });

    const fromEnv = await h.tyrWith(
      { ...admin, TYR_DRIVER_INFO_IPMI_PASSWORD: 'from-env-pw' },
      'node',
      'set',
      'sec-1',
      '--driver-info',
      'ipmi_password',
    );
    ok(fromEnv);
    expect(await driverInfo('sec-1')).to.deep.include({ ipmi_password: 'from-env-pw' });
  });

  it('a bare secret key on a terminal is asked for, without echo', async () => {
    await h.server.store.nodes.create({ driver: 'fake-hardware', name: 'sec-2', provision_state: 'enroll' });
    const r = await new Promise<CliResult>((resolve) => {
      const command = [process.execPath, ...tyrLauncher(), 'node', 'set', 'sec-2', '--driver-info', 'ipmi_password']
        .map((a) => `'${a}'`)
        .join(' ');
      const child = execFile(
        'script',
        ['-qec', command, '/dev/null'],
        {
          cwd: ROOT,
          timeout: 60_000,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            TYR_URL: h.url,
            TYR_USERNAME: 'admin',
            TYR_PASSWORD: 'adm1n-pw',
          },
        },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
      // Typed once the prompt is up (raw mode is set when it is printed).
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ipmi_password:')) child.stdin!.end('typed-pw\r');
      });
    });
    ok(r);
    expect(r.stdout).to.contain('--driver-info ipmi_password:').and.not.contain('typed-pw');
    expect(await driverInfo('sec-2')).to.deep.include({ ipmi_password: 'typed-pw' });
  });

  it('tyr server --db with a password in the URL warns; --db @FILE reads the URL', async () => {
    // An invalid auth strategy stops the server right after the flags are read.
    const literal = await h.tyr('server', '--db', 'postgres://tyr:db-pw-99@127.0.0.1:1/tyr', '--auth-strategy', 'bogus');
    expect(literal.code).to.equal(2);
    expect(literal.stderr).to.match(WARNING).and.contain('TYR_DB').and.not.contain('db-pw-99');
    const file = await h.tyr(
      'server',
      '--db',
      `@${secretFile('db', 'postgres://tyr:db-pw-99@127.0.0.1:1/tyr\n')}`,
      '--auth-strategy',
      'bogus',
    );
    expect(file.code).to.equal(2);
    expect(file.stderr).to.match(/auth_strategy/);
    expect(file.stderr).to.not.match(WARNING);
  });
});

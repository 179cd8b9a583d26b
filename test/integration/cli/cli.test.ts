// The real `tyr` CLI, run as a child process against Tyr started in this process.
import { expect } from 'chai';
import { TyrClient } from '../../../client/client.js';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';

describe('tyr CLI against a running Tyr', function () {
  this.timeout(120_000);
  let h: CliHarness;
  let uuid: string;

  before(async () => {
    h = await startTyr();
  });
  after(async () => {
    await h?.stop();
  });

  it('node create prints the chosen column, with values typed as JSON', async () => {
    uuid = ok(
      await h.tyr(
        'node',
        'create',
        '--driver',
        'fake-hardware',
        '--name',
        'cli-n1',
        '--property',
        'cpus=8',
        '--driver-info',
        'deploy_kernel=http://x/k',
        '-f',
        'value',
        '-c',
        'uuid',
      ),
    ).trim();
    expect(uuid).to.match(/^[0-9a-f-]{36}$/);
    const shown = JSON.parse(ok(await h.tyr('node', 'show', 'cli-n1', '--json')));
    expect(shown.uuid).to.equal(uuid);
    expect(shown.properties).to.deep.equal({ cpus: 8 });
    expect(shown.driver_info).to.deep.include({ deploy_kernel: 'http://x/k' });
  });

  it('node create with an ipmi password never shows it', async () => {
    const out = ok(
      await h.tyr(
        'node',
        'create',
        '--driver',
        'ipmi',
        '--name',
        'cli-ipmi',
        '--driver-info',
        'ipmi_address=127.0.0.1',
        '--driver-info',
        'ipmi_password=s3cret-pw',
        '--json',
      ),
    );
    expect(JSON.parse(out).driver_info.ipmi_password).to.equal('******');
    expect(out).not.to.contain('s3cret-pw');
    ok(await h.tyr('node', 'delete', 'cli-ipmi'));
  });

  it('node list: table, --json and -f value -c uuid', async () => {
    const table = ok(await h.tyr('node', 'list'));
    expect(table).to.contain('Provision State').and.contain('cli-n1').and.contain(uuid);
    const json = JSON.parse(ok(await h.tyr('node', 'list', '--json')));
    expect(json.find((n: { uuid: string }) => n.uuid === uuid)).to.include({ name: 'cli-n1', provision_state: 'enroll' });
    expect(
      ok(await h.tyr('node', 'list', '-f', 'value', '-c', 'uuid'))
        .trim()
        .split('\n'),
    ).to.include(uuid);
    const long = ok(await h.tyr('node', 'list', '--long', '-f', 'value', '-c', 'name', '-c', 'driver', '--provision-state', 'enroll'));
    expect(long).to.contain('cli-n1 fake-hardware');
  });

  it('node set and unset become JSON Patch', async () => {
    ok(
      await h.tyr(
        'node',
        'set',
        'cli-n1',
        '--name',
        'cli-n1b',
        '--property',
        'memory_mb=4096',
        '--extra',
        'rack=r1',
        '--resource-class',
        'gold',
      ),
    );
    let n = JSON.parse(ok(await h.tyr('node', 'show', uuid, '-f', 'json')));
    expect(n).to.include({ name: 'cli-n1b', resource_class: 'gold' });
    expect(n.properties).to.deep.equal({ cpus: 8, memory_mb: 4096 });
    expect(n.extra).to.deep.equal({ rack: 'r1' });
    ok(await h.tyr('node', 'unset', 'cli-n1b', '--property', 'cpus', '--extra', 'rack'));
    n = JSON.parse(ok(await h.tyr('node', 'show', uuid, '-f', 'json', '-c', 'properties', '-c', 'extra')));
    expect(n).to.deep.equal({ properties: { memory_mb: 4096 }, extra: {} });
  });

  it('port create, list --node and delete', async () => {
    const port = ok(await h.tyr('port', 'create', '52:54:00:aa:bb:01', '--node', 'cli-n1b', '-f', 'value', '-c', 'uuid')).trim();
    expect(port).to.match(/^[0-9a-f-]{36}$/);
    expect(ok(await h.tyr('port', 'list', '--node', uuid, '-f', 'value', '-c', 'address')).trim()).to.equal('52:54:00:aa:bb:01');
    expect(ok(await h.tyr('port', 'list'))).to.contain('52:54:00:aa:bb:01');
    expect(ok(await h.tyr('port', 'delete', port))).to.contain(`Deleted port ${port}`);
    expect(ok(await h.tyr('port', 'list', '--node', uuid, '-f', 'value', '-c', 'address')).trim()).to.equal('');
  });

  it('power on --wait waits for the power state and shows progress', async () => {
    const r = await h.tyr('node', 'power', 'on', 'cli-n1b', '--wait', '30');
    ok(r);
    expect(r.stderr).to.match(/node cli-n1b: provision state "enroll", power "power on"/);
    expect(ok(await h.tyr('node', 'show', uuid, '-f', 'value', '-c', 'power_state')).trim()).to.equal('power on');
  });

  it('manage and provide with --wait reach manageable, then available', async () => {
    const manage = await h.tyr('node', 'manage', 'cli-n1b', '--wait', '60');
    ok(manage);
    expect(manage.stderr).to.contain('provision state "manageable"');
    expect(ok(await h.tyr('node', 'show', uuid, '-f', 'value', '-c', 'provision_state')).trim()).to.equal('manageable');
    ok(await h.tyr('node', 'provide', 'cli-n1b', '--wait', '60'));
    expect(ok(await h.tyr('node', 'show', uuid, '-f', 'value', '-c', 'provision_state')).trim()).to.equal('available');
  });

  it('maintenance set with a reason, then unset', async () => {
    ok(await h.tyr('node', 'maintenance', 'set', 'cli-n1b', '--reason', 'fan swap'));
    let n = JSON.parse(ok(await h.tyr('node', 'show', uuid, '--json', '-c', 'maintenance', '-c', 'maintenance_reason')));
    expect(n).to.deep.equal({ maintenance: true, maintenance_reason: 'fan swap' });
    expect(ok(await h.tyr('node', 'list', '--maintenance', '-f', 'value', '-c', 'uuid')).trim()).to.equal(uuid);
    ok(await h.tyr('node', 'maintenance', 'unset', 'cli-n1b'));
    n = JSON.parse(ok(await h.tyr('node', 'show', uuid, '--json', '-c', 'maintenance')));
    expect(n).to.deep.equal({ maintenance: false });
  });

  it('console show prints whether the console is on and where to connect', async () => {
    const off = await h.tyr('node', 'console', 'show', 'cli-n1b', '--json');
    expect(off.code, off.stderr).to.equal(0);
    expect(JSON.parse(off.stdout)).to.deep.equal({ console_enabled: false, console_info: null });
    await new TyrClient({ url: h.url }).nodes.setConsole('cli-n1b', true);
    const on = JSON.parse(ok(await h.tyr('node', 'console', 'show', 'cli-n1b', '--json')));
    expect(on).to.deep.equal({ console_enabled: true, console_info: { type: 'fake', url: 'fake://console' } });
  });

  it('list --discovered keeps only auto-discovered nodes; --limit caps the count', async () => {
    ok(await h.tyr('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-disc', '--extra', 'auto_discovered=true'));
    expect(ok(await h.tyr('node', 'list', '--discovered', '-f', 'value', '-c', 'name')).trim()).to.equal('cli-disc');
    expect(
      ok(await h.tyr('node', 'list', '--limit', '1', '-f', 'value', '-c', 'uuid'))
        .trim()
        .split('\n'),
    ).to.have.length(1);
  });

  it('an unknown node: one line naming it, exit code 1, and no password echoed', async () => {
    // The password from the environment: one given in argv adds a warning line (secrets.test.ts).
    const r = await h.tyrWith({ TYR_PASSWORD: 'hunter2-pw' }, 'node', 'show', 'no-such-node', '--username', 'admin');
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^tyr: .*no-such-node/);
    expect(r.stderr).not.to.contain('hunter2-pw');
    const p = await h.tyr('node', 'power', 'off', 'no-such-node');
    expect(p.code).to.equal(1);
    expect(p.stderr).to.match(/^tyr: .*no-such-node/);
  });

  it('an unreachable API is one line with the URL', async () => {
    const r = await h.tyr('node', 'list', '--url', 'http://127.0.0.1:1');
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.match(/^tyr: cannot reach Tyr at http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('the client follows next links through every page', async () => {
    const client = new TyrClient({ url: h.url });
    for (let i = 0; i < 5; i++) await client.nodes.create({ driver: 'fake-hardware', name: `cli-page-${i}` });
    const first = await client.nodes.listPage({ limit: 2 });
    expect(first.items).to.have.length(2);
    expect(first.next).to.be.a('string');
    const names: string[] = [];
    for await (const n of client.nodes.list({ limit: 2 })) names.push(String(n.name));
    expect(names.filter((n) => n.startsWith('cli-page-')).sort()).to.deep.equal([0, 1, 2, 3, 4].map((i) => `cli-page-${i}`));
    expect(new Set(names).size).to.equal(names.length);
  });

  it('node delete, after which the node is gone', async () => {
    expect(ok(await h.tyr('node', 'delete', 'cli-n1b'))).to.contain('Deleted node cli-n1b');
    const r = await h.tyr('node', 'show', uuid);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(uuid);
  });
});

// The real client check: Debian's `baremetal` CLI (python3-ironicclient 5.0.1 +
// python3-openstackclient) against Tyr in-process. Each call starts Python (~1-2 s), so calls
// run one after another and the suite keeps their number small.
import { expect } from 'chai';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { TyrClient } from '../../../client/index.js';
import { apiError } from '../../helpers/api-error.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: the real baremetal CLI', function () {
  this.timeout(180_000);
  let api: ApiHarness;
  let nodeUuid: string;

  // Asynchronous on purpose: the server runs in this process's event loop.
  const { bm, ok, json } = baremetalCliChecked(() => api.url);

  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  it('driver list shows the registered hardware types and this host', async () => {
    const drivers = await json('driver', 'list');
    const ipmi = drivers.find((d: any) => d['Supported driver(s)'] === 'ipmi');
    expect(ipmi, JSON.stringify(drivers)).to.not.equal(undefined);
    expect(ipmi['Active host(s)']).to.include(api.server.conductor.hostname);
  });

  it('node create with the ipmi driver masks the password', async () => {
    const node = await json(
      'node',
      'create',
      '--driver',
      'ipmi',
      '--name',
      'cli-node',
      '--driver-info',
      'ipmi_address=127.0.0.1',
      '--driver-info',
      'ipmi_password=s3cret',
    );
    nodeUuid = node.uuid;
    expect(node.driver_info).to.deep.equal({ ipmi_address: '127.0.0.1', ipmi_password: '******' });
    expect(node.provision_state).to.equal('enroll');
  });

  it('node list --long and node show -f json', async () => {
    const list = await json('node', 'list', '--long');
    const row = list.find((n: any) => n.UUID === nodeUuid);
    expect(row.Name).to.equal('cli-node');
    expect(row['Driver Info'].ipmi_password).to.equal('******');
    expect(JSON.stringify(list)).to.not.include('s3cret');
    const shown = await json('node', 'show', nodeUuid);
    expect(shown).to.include({ uuid: nodeUuid, driver: 'ipmi', name: 'cli-node' });
  });

  it('node set/unset --property, set --name, maintenance set --reason', async () => {
    await ok('node', 'set', nodeUuid, '--property', 'cpus=8');
    expect((await json('node', 'show', nodeUuid, '-c', 'properties')).properties).to.deep.equal({ cpus: 8 });
    await ok('node', 'unset', nodeUuid, '--property', 'cpus');
    expect((await json('node', 'show', nodeUuid, '-c', 'properties')).properties).to.deep.equal({});
    await ok('node', 'set', nodeUuid, '--name', 'renamed');
    await ok('node', 'maintenance', 'set', 'renamed', '--reason', 'fan failure');
    expect(await json('node', 'show', 'renamed', '-c', 'maintenance', '-c', 'maintenance_reason')).to.deep.equal({
      maintenance: true,
      maintenance_reason: 'fan failure',
    });
  });

  it('node set --driver: refused while interfaces do not fit, accepted with --reset-interfaces', async () => {
    const node = await json('node', 'create', '--driver', 'fake-hardware', '--name', 'switching');
    expect(node.management_interface).to.equal('fake');
    const refused = await bm('node', 'set', 'switching', '--driver', 'ipmi');
    expect(refused.code).to.not.equal(0);
    expect(refused.stderr).to.match(/management interface "fake" for hardware type ipmi.*--reset-interfaces/);
    await ok('node', 'set', 'switching', '--driver', 'ipmi', '--reset-interfaces', '--power-interface', 'ipmitool');
    const switched = await json('node', 'show', 'switching', '-c', 'driver', '-c', 'management_interface', '-c', 'power_interface');
    expect(switched).to.deep.equal({ driver: 'ipmi', management_interface: 'ipmitool', power_interface: 'ipmitool' });
    // The CLI itself refuses --reset-interfaces without --driver; the API says so too.
    const alone = await apiError(
      new TyrClient({ url: api.url, apiVersion: '1.45' }).nodes.patch('switching', [{ op: 'replace', path: '/name', value: 'x' }], {
        resetInterfaces: true,
      }),
    );
    expect(alone.status).to.equal(400);
    expect(alone.message).to.include('only valid together with a change of');
    await ok('node', 'delete', 'switching');
  });

  it('port create <mac> --node and port list --node', async () => {
    const port = await json('port', 'create', '52:54:00:AA:BB:01', '--node', nodeUuid);
    expect(port).to.include({ address: '52:54:00:aa:bb:01', node_uuid: nodeUuid });
    const ports = await json('port', 'list', '--node', nodeUuid);
    expect(ports.map((p: any) => p.Address)).to.deep.equal(['52:54:00:aa:bb:01']);
  });

  it('port create/set with --pxe-enabled False, --pxe-enabled and --pxe-disabled (the CLI sends strings) store booleans', async () => {
    // ironicclient sends "False" as a string on create, and "False"/"True" strings in the PATCH of set.
    const created = await json('port', 'create', '52:54:00:12:34:99', '--node', nodeUuid, '--pxe-enabled', 'False');
    expect(created.pxe_enabled).to.equal(false);
    await ok('port', 'set', created.uuid, '--pxe-enabled');
    expect((await json('port', 'show', created.uuid)).pxe_enabled).to.equal(true);
    await ok('port', 'set', created.uuid, '--pxe-disabled');
    expect((await json('port', 'show', created.uuid)).pxe_enabled).to.equal(false);
    await ok('port', 'delete', created.uuid);
  });

  it('a 404 prints the server message', async () => {
    const r = await bm('node', 'show', 'no-such-node');
    expect(r.code).to.not.equal(0);
    expect(r.stderr + r.stdout).to.match(/Node no-such-node could not be found/);
  });

  for (const [version, present, absent] of [
    ['1.1', ['uuid', 'driver_info'], ['name', 'boot_interface', 'retired']],
    ['1.31', ['name', 'boot_interface'], ['storage_interface', 'traits', 'retired']],
    ['1.60', ['traits', 'owner', 'description'], ['retired', 'lessee']],
    ['latest', ['retired', 'lessee', 'network_data', 'boot_mode'], []],
  ] as const) {
    it(`--os-baremetal-api-version ${version}: node show has the fields of that version`, async () => {
      const shown = await json('--os-baremetal-api-version', version, 'node', 'show', nodeUuid);
      expect(shown).to.include.keys(...present);
      for (const f of absent) expect(shown, f).to.not.have.property(f);
    });
  }

  it('node delete', async () => {
    await ok('node', 'maintenance', 'unset', nodeUuid);
    const out = await ok('node', 'delete', nodeUuid);
    expect(out).to.include(`Deleted node ${nodeUuid}`);
    expect((await bm('node', 'show', nodeUuid)).code).to.not.equal(0);
  });
});

// Debian's real `baremetal` CLI (python3-ironicclient) on volume connectors, volume targets and
// deploy templates, against Tyr in-process. Each call starts Python (~1-2 s), so calls are few.
import { expect } from 'chai';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: the real baremetal CLI on volume and deploy templates', function () {
  this.timeout(240_000);
  let api: ApiHarness;
  let node: string;
  const L = { version: 'latest' };

  const { bm, ok, json } = baremetalCliChecked(() => api.url);

  before(async () => {
    api = await startApi();
    node = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'cli-vol' }, L)).body.uuid;
    await api.call('PUT', `/v1/nodes/${node}/states/provision`, { target: 'manage' }, L);
    await until(
      'manageable',
      20_000,
      async () => (await api.call('GET', `/v1/nodes/${node}`, undefined, L)).body.provision_state === 'manageable',
    );
    await api.call('PUT', `/v1/nodes/${node}/states/power`, { target: 'power off' }, L);
    await until(
      'power off',
      20_000,
      async () => (await api.call('GET', `/v1/nodes/${node}`, undefined, L)).body.power_state === 'power off',
    );
  });
  after(async () => {
    await api?.stop();
  });

  it('volume connector create, list --node, show, set --extra, delete', async () => {
    const c = await json('volume', 'connector', 'create', '--node', node, '--type', 'iqn', '--connector-id', 'iqn.2017-07.org.example:cli');
    expect(c).to.include({ node_uuid: node, type: 'iqn', connector_id: 'iqn.2017-07.org.example:cli' });
    const list = await json('volume', 'connector', 'list', '--node', 'cli-vol');
    expect(list.map((r: any) => r.UUID)).to.deep.equal([c.uuid]);
    await ok('volume', 'connector', 'set', c.uuid, '--extra', 'rack=7');
    expect((await json('volume', 'connector', 'show', c.uuid)).extra).to.deep.equal({ rack: 7 });
    const long = await json('volume', 'connector', 'list', '--long');
    expect(long.find((r: any) => r.UUID === c.uuid).Extra).to.deep.equal({ rack: 7 });
    await ok('volume', 'connector', 'delete', c.uuid);
    expect((await bm('volume', 'connector', 'show', c.uuid)).code).to.not.equal(0);
  });

  it('volume target create, list, set, delete', async () => {
    const t = await json(
      'volume',
      'target',
      'create',
      '--node',
      node,
      '--type',
      'iscsi',
      '--boot-index',
      '0',
      '--volume-id',
      '04452bed-5367-4202-8bf5-de4335ac56d2',
      '--property',
      'target_lun=0',
    );
    expect(t).to.include({ node_uuid: node, volume_type: 'iscsi', boot_index: 0 });
    expect(t.properties).to.deep.equal({ target_lun: 0 });
    const dup = await bm('volume', 'target', 'create', '--node', node, '--type', 'iscsi', '--boot-index', '0', '--volume-id', 'other');
    expect(dup.code).to.not.equal(0);
    expect(dup.stderr).to.contain("boot index '0'");
    expect((await json('volume', 'target', 'list', '--node', node)).map((r: any) => r.UUID)).to.deep.equal([t.uuid]);
    await ok('volume', 'target', 'set', t.uuid, '--boot-index', '1');
    expect((await json('volume', 'target', 'show', t.uuid)).boot_index).to.equal(1);
    await ok('volume', 'target', 'delete', t.uuid);
  });

  it('deploy template create, list, show, set, delete', async () => {
    const steps = JSON.stringify([
      { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }] }, priority: 150 },
    ]);
    const t = await json('deploy', 'template', 'create', 'CUSTOM_HYPERTHREADING_ON', '--steps', steps);
    expect(t.name).to.equal('CUSTOM_HYPERTHREADING_ON');
    expect(t.steps[0]).to.include({ interface: 'bios', priority: 150 });
    expect((await json('deploy', 'template', 'list')).map((r: any) => r.Name)).to.deep.equal(['CUSTOM_HYPERTHREADING_ON']);
    await ok('deploy', 'template', 'set', 'CUSTOM_HYPERTHREADING_ON', '--name', 'CUSTOM_HT', '--extra', 'owner=ops');
    const shown = await json('deploy', 'template', 'show', 'CUSTOM_HT');
    expect(shown).to.deep.include({ uuid: t.uuid, extra: { owner: 'ops' } });
    const bad = await bm('deploy', 'template', 'create', 'lowercase', '--steps', steps);
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.contain('must be a valid trait');
    await ok('deploy', 'template', 'delete', 'CUSTOM_HT');
    expect(await json('deploy', 'template', 'list')).to.deep.equal([]);
  });
});

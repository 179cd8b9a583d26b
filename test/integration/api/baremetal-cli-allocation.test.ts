// Allocations through Debian's real `baremetal` CLI (python3-ironicclient) against an in-process
// Tyr: create --wait, list, show, set, node show's allocation_uuid, delete, and a failed search.
import { expect } from 'chai';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: allocations through the real baremetal CLI', function () {
  this.timeout(180_000);
  let api: ApiHarness;
  const { bm, ok, json } = baremetalCliChecked(() => api.url);

  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  it('create --wait binds an available node; list, show, set --name/--extra, node show, delete', async () => {
    const node = await api.server.store.nodes.create({
      driver: 'fake-hardware',
      name: 'cli-target',
      resource_class: 'cli-gold',
      provision_state: 'available',
      power_state: 'power off',
    });
    await api.server.store.traits.replace(node.id, ['CUSTOM_CLI']);
    const created = await json(
      'allocation',
      'create',
      '--resource-class',
      'cli-gold',
      '--trait',
      'CUSTOM_CLI',
      '--name',
      'cli-alloc',
      '--wait',
      '30',
    );
    expect(created).to.include({ name: 'cli-alloc', state: 'active', node_uuid: node.uuid, resource_class: 'cli-gold' });
    expect(created.traits).to.deep.equal(['CUSTOM_CLI']);

    const list = await json('allocation', 'list');
    expect(list.map((a: any) => a.UUID)).to.deep.equal([created.uuid]);
    expect(await json('allocation', 'list', '--state', 'error')).to.deep.equal([]);
    expect((await json('allocation', 'show', 'cli-alloc')).uuid).to.equal(created.uuid);

    await ok('allocation', 'set', 'cli-alloc', '--name', 'cli-renamed', '--extra', 'team=infra');
    const renamed = await json('allocation', 'show', created.uuid, '-c', 'name', '-c', 'extra');
    expect(renamed).to.deep.equal({ name: 'cli-renamed', extra: { team: 'infra' } });
    expect(await json('node', 'show', 'cli-target', '-c', 'allocation_uuid', '-c', 'instance_uuid')).to.deep.equal({
      allocation_uuid: created.uuid,
      instance_uuid: created.uuid,
    });

    await ok('allocation', 'delete', 'cli-renamed');
    expect((await bm('allocation', 'show', created.uuid)).code).to.not.equal(0);
    expect((await json('node', 'show', 'cli-target', '-c', 'allocation_uuid')).allocation_uuid).to.equal(null);
  });

  it('create --wait reports a failed search with its reason', async () => {
    const r = await bm('allocation', 'create', '--resource-class', 'cli-nothing', '--wait', '30');
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.include('no available nodes match the resource class cli-nothing');
  });
});

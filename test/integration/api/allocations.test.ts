// Allocations over HTTP against an in-process Tyr: the conductor's search (allocating → active |
// error), backfill, PATCH, the node's allocation, the 409s and the version gates, as Ironic.
import { expect } from 'chai';
import type { Node } from '../../../core/db/types.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const V = { version: '1.60' };

describe('API: allocations', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let seq = 0;

  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  /** An available, powered fake-hardware node of `rc` (the state the allocation process looks for). */
  async function availableNode(rc: string, extra: Partial<Node> = {}): Promise<Node> {
    return api.server.store.nodes.create({
      driver: 'fake-hardware',
      name: `n${++seq}`,
      resource_class: rc,
      provision_state: 'available',
      power_state: 'power off',
      ...extra,
    });
  }
  /** Creates an allocation and waits for the conductor's background search to finish. */
  async function allocate(body: Record<string, unknown>, opts = V) {
    const created = await api.call('POST', '/v1/allocations', body, opts);
    await api.server.conductor.idle();
    const now = created.status === 201 ? (await api.call('GET', `/v1/allocations/${created.body.uuid}`, undefined, V)).body : undefined;
    return { created, now };
  }
  const nodeOf = async (uuid: string) => (await api.call('GET', `/v1/nodes/${uuid}`, undefined, V)).body;

  it('is absent below 1.52 (GET 404, other methods 405), PATCH below 1.57 is 405', async () => {
    expect((await api.call('GET', '/v1/allocations', undefined, { version: '1.51' })).status).to.equal(404);
    expect((await api.call('POST', '/v1/allocations', { resource_class: 'x' }, { version: '1.51' })).status).to.equal(405);
    const node = await availableNode('gate');
    expect((await api.call('GET', `/v1/nodes/${node.uuid}/allocation`, undefined, { version: '1.51' })).status).to.equal(404);
    const { now } = await allocate({ resource_class: 'gate' });
    const patch = await api.call('PATCH', `/v1/allocations/${now.uuid}`, [{ op: 'add', path: '/name', value: 'x' }], { version: '1.56' });
    expect(patch.status).to.equal(405);
    expect((await api.call('GET', `/v1/nodes/${node.uuid}`, undefined, { version: '1.51' })).body).to.not.have.property('allocation_uuid');
  });

  it('creates "allocating", then binds a matching node: active, node_uuid, and the node points back', async () => {
    const node = await availableNode('gold');
    await api.call('PUT', `/v1/nodes/${node.uuid}/traits`, { traits: ['CUSTOM_GPU', 'CUSTOM_X'] }, V);
    const { created, now } = await allocate({ resource_class: 'gold', traits: ['CUSTOM_GPU'], name: 'web-1', extra: { a: 1 } });
    expect(created.status, created.message).to.equal(201);
    expect(created.headers.get('location')).to.match(new RegExp(`/v1/allocations/${created.body.uuid}$`));
    expect(created.body).to.include({
      state: 'allocating',
      node_uuid: null,
      last_error: null,
      resource_class: 'gold',
      name: 'web-1',
      owner: null,
    });
    expect(created.body.traits).to.deep.equal(['CUSTOM_GPU']);
    expect(created.body.candidate_nodes).to.deep.equal([]);
    expect(now).to.include({ state: 'active', node_uuid: node.uuid, last_error: null });
    const shown = await nodeOf(node.uuid);
    expect(shown).to.include({ allocation_uuid: now.uuid, instance_uuid: now.uuid });
    expect(shown.instance_info.traits).to.deep.equal(['CUSTOM_GPU']);
    const viaNode = await api.call('GET', `/v1/nodes/${node.name}/allocation?fields=uuid,state`, undefined, V);
    expect(viaNode.body).to.deep.include({ uuid: now.uuid, state: 'active' });
    expect(viaNode.body).to.not.have.property('resource_class');
    expect((await api.call('GET', '/v1/allocations/web-1', undefined, V)).body.uuid).to.equal(now.uuid);
    // The node is taken: a second allocation of the class finds nothing.
    const second = await allocate({ resource_class: 'gold' });
    expect(second.now.state).to.equal('error');
  });

  it('fails with last_error naming why: resource class, traits, candidate list', async () => {
    const none = await allocate({ resource_class: 'no-such-class' });
    expect(none.now).to.include({ state: 'error', node_uuid: null });
    expect(none.now.last_error).to.equal(
      `Failed to process allocation ${none.now.uuid}: no available nodes match the resource class no-such-class.`,
    );
    await availableNode('silver');
    const traits = await allocate({ resource_class: 'silver', traits: ['CUSTOM_MISSING'] });
    expect(traits.now.last_error).to.include('no suitable nodes have the requested traits CUSTOM_MISSING');
    const other = await availableNode('silver');
    await api.server.store.nodes.update(other.id, { maintenance: true });
    const listed = await allocate({ resource_class: 'bronze', candidate_nodes: [other.name] });
    expect(listed.now.last_error).to.include('none of the requested nodes are available and match the resource class bronze');
  });

  it('picks only among candidate_nodes (names become UUIDs), skipping maintenance, owned and leased nodes by owner', async () => {
    const a = await availableNode('cand');
    const b = await availableNode('cand');
    const { now } = await allocate({ resource_class: 'cand', candidate_nodes: [b.name] });
    expect(now).to.include({ state: 'active', node_uuid: b.uuid });
    expect(now.candidate_nodes).to.deep.equal([b.uuid]);
    await api.server.store.nodes.update(a.id, { maintenance: true });
    expect((await allocate({ resource_class: 'cand' })).now.state).to.equal('error');
    const leased = await availableNode('tenant', { owner: 'p-owner', lessee: 'p-lessee' });
    await availableNode('tenant', { owner: 'someone-else' });
    const byLessee = await allocate({ resource_class: 'tenant', owner: 'p-lessee' });
    expect(byLessee.now).to.include({ state: 'active', node_uuid: leased.uuid, owner: 'p-lessee' });
    expect((await allocate({ resource_class: 'tenant', owner: 'p-nobody' })).now.state).to.equal('error');
  });

  it('refuses bad input with 400/406/409', async () => {
    const unknown = await api.call('POST', '/v1/allocations', { resource_class: 'x', candidate_nodes: ['ghost-node'] }, V);
    expect(unknown.status).to.equal(400);
    expect(unknown.message).to.include('ghost-node');
    expect((await api.call('POST', '/v1/allocations', { name: 'no-class' }, V)).status).to.equal(400);
    expect((await api.call('POST', '/v1/allocations', { resource_class: 'x', traits: ['lower'] }, V)).status).to.equal(400);
    expect((await api.call('POST', '/v1/allocations', { resource_class: 'x', name: 'bad name' }, V)).status).to.equal(400);
    expect((await api.call('POST', '/v1/allocations', { resource_class: 'x', owner: 'p' }, { version: '1.59' })).status).to.equal(406);
    expect((await api.call('POST', '/v1/allocations', { resource_class: 'x', bogus: 1 }, V)).status).to.equal(400);
    await allocate({ resource_class: 'x', name: 'taken-name' });
    const dup = await api.call('POST', '/v1/allocations', { resource_class: 'x', name: 'taken-name' }, V);
    expect(dup.status).to.equal(409);
    expect(dup.message).to.include('taken-name');
    expect((await api.call('GET', '/v1/allocations/5c9dcd04-2073-49bc-9618-99ae634d8971', undefined, V)).status).to.equal(404);
  });

  it('PATCH (1.57) changes name and extra only', async () => {
    const { now } = await allocate({ resource_class: 'patchy' });
    const ok = await api.call(
      'PATCH',
      `/v1/allocations/${now.uuid}`,
      [
        { op: 'add', path: '/name', value: 'renamed' },
        { op: 'add', path: '/extra/answer', value: 42 },
      ],
      { version: '1.57' },
    );
    expect(ok.status, ok.message).to.equal(200);
    expect(ok.body).to.include({ name: 'renamed' });
    expect(ok.body.extra).to.deep.equal({ answer: 42 });
    const cleared = await api.call('PATCH', '/v1/allocations/renamed', [{ op: 'remove', path: '/name' }], V);
    expect(cleared.body.name).to.equal(null);
    const refused = await api.call('PATCH', `/v1/allocations/${now.uuid}`, [{ op: 'replace', path: '/resource_class', value: 'y' }], V);
    expect(refused.status).to.equal(400);
  });

  it('deleting: 409 while the node is active, allowed in maintenance, and it releases the node', async () => {
    const node = await availableNode('del');
    const { now } = await allocate({ resource_class: 'del' });
    await api.server.store.nodes.update(node.id, { provision_state: 'active' });
    const refused = await api.call('DELETE', `/v1/allocations/${now.uuid}`, undefined, V);
    expect(refused.status).to.equal(409);
    expect(refused.message).to.include('is active');
    await api.server.store.nodes.update(node.id, { maintenance: true });
    expect((await api.call('DELETE', `/v1/nodes/${node.uuid}/allocation`, undefined, V)).status).to.equal(204);
    expect((await api.call('GET', `/v1/allocations/${now.uuid}`, undefined, V)).status).to.equal(404);
    expect((await api.call('GET', `/v1/nodes/${node.uuid}/allocation`, undefined, V)).status).to.equal(404);
    expect(await nodeOf(node.uuid)).to.include({ allocation_uuid: null, instance_uuid: null });
  });

  it('backfills (1.58) an active node: active at once, UUID from the instance; mismatches are 400 and leave an error', async () => {
    const instance = '0a4b8c1e-1111-4222-8333-944445555666';
    const node = await availableNode('bf', { provision_state: 'active', instance_uuid: instance });
    expect((await api.call('POST', '/v1/allocations', { node: node.uuid }, { version: '1.57' })).status).to.equal(400);
    const created = await api.call('POST', '/v1/allocations', { node: node.name }, V);
    expect(created.status, created.message).to.equal(201);
    expect(created.body).to.include({ uuid: instance, state: 'active', node_uuid: node.uuid, resource_class: 'bf' });
    expect((await nodeOf(node.uuid)).allocation_uuid).to.equal(instance);
    const idle = await availableNode('bf');
    const bad = await api.call('POST', '/v1/allocations', { node: idle.uuid, name: 'bf-bad' }, V);
    expect(bad.status).to.equal(400);
    expect(bad.message).to.include('must be in the "active" state');
    expect((await api.call('GET', '/v1/allocations/bf-bad', undefined, V)).body).to.include({ state: 'error' });
    expect((await api.call('POST', '/v1/allocations', { node: 'ghost' }, V)).status).to.equal(400);
  });

  it('a node with an allocation: removing instance_uuid deletes it; deleting the node is 409 unless in maintenance', async () => {
    const node = await availableNode('nodeops');
    const first = await allocate({ resource_class: 'nodeops' });
    const unset = await api.call('PATCH', `/v1/nodes/${node.uuid}`, [{ op: 'remove', path: '/instance_uuid' }], V);
    expect(unset.status, unset.message).to.equal(200);
    expect(unset.body).to.include({ instance_uuid: null, allocation_uuid: null });
    expect((await api.call('GET', `/v1/allocations/${first.now.uuid}`, undefined, V)).status).to.equal(404);

    const second = await allocate({ resource_class: 'nodeops' });
    expect(second.now.node_uuid).to.equal(node.uuid);
    const refused = await api.call('DELETE', `/v1/nodes/${node.uuid}`, undefined, V);
    expect(refused.status).to.equal(409);
    expect(refused.message).to.include(second.now.uuid);
    await api.server.store.nodes.update(node.id, { maintenance: true });
    expect((await api.call('DELETE', `/v1/nodes/${node.uuid}`, undefined, V)).status).to.equal(204);
    expect((await api.call('GET', `/v1/allocations/${second.now.uuid}`, undefined, V)).status).to.equal(404);
  });

  it('undeploy deletes the allocation, except a backfilled one', async () => {
    const node = await availableNode('undeploy');
    const { now } = await allocate({ resource_class: 'undeploy' });
    await api.server.store.nodes.update(node.id, { provision_state: 'active' });
    const r = await api.call('PUT', `/v1/nodes/${node.uuid}/states/provision`, { target: 'deleted' }, V);
    expect(r.status, r.message).to.equal(202);
    await api.server.conductor.idle();
    expect((await api.call('GET', `/v1/allocations/${now.uuid}`, undefined, V)).status).to.equal(404);
    expect(await nodeOf(node.uuid)).to.include({ provision_state: 'available', allocation_uuid: null, instance_uuid: null });

    await api.server.store.nodes.update(node.id, { provision_state: 'active' });
    const backfilled = await api.call('POST', '/v1/allocations', { node: node.uuid }, V);
    expect(backfilled.status, backfilled.message).to.equal(201);
    await api.call('PUT', `/v1/nodes/${node.uuid}/states/provision`, { target: 'deleted' }, V);
    await api.server.conductor.idle();
    const kept = await api.call('GET', `/v1/allocations/${backfilled.body.uuid}`, undefined, V);
    expect(kept.body).to.include({ state: 'active', node_uuid: node.uuid });
    expect((await nodeOf(node.uuid)).provision_state).to.equal('available');
  });

  it('lists with filters (node, resource_class, state, owner), fields and pagination', async () => {
    const node = await availableNode('listed', { owner: 'proj-l' });
    const good = (await allocate({ resource_class: 'listed', owner: 'proj-l' })).now;
    const bad = (await allocate({ resource_class: 'listed-none' })).now;
    const uuids = async (q: string, opts = V) =>
      (await api.call('GET', `/v1/allocations${q}`, undefined, opts)).body.allocations.map((a: any) => a.uuid);
    expect(await uuids(`?node=${node.name}`)).to.deep.equal([good.uuid]);
    expect(await uuids('?resource_class=listed-none')).to.deep.equal([bad.uuid]);
    expect(await uuids('?state=active&resource_class=listed')).to.deep.equal([good.uuid]);
    expect(await uuids('?owner=proj-l')).to.deep.equal([good.uuid]);
    expect((await api.call('GET', '/v1/allocations?owner=proj-l', undefined, { version: '1.59' })).status).to.equal(406);
    expect((await api.call('GET', '/v1/allocations?node=ghost', undefined, V)).status).to.equal(400);
    const fields = await api.call('GET', '/v1/allocations?fields=uuid&limit=1', undefined, V);
    expect(Object.keys(fields.body.allocations[0]).sort()).to.deep.equal(['links', 'uuid']);
    expect(fields.body.next).to.include(`marker=${fields.body.allocations[0].uuid}`);
    const page2 = await api.call('GET', `/v1/allocations?limit=1&marker=${fields.body.allocations[0].uuid}`, undefined, V);
    expect(page2.body.allocations[0].uuid).to.not.equal(fields.body.allocations[0].uuid);
    expect((await api.call('GET', `/v1/allocations/${good.uuid}`, undefined, { version: '1.59' })).body).to.not.have.property('owner');
  });
});

// The node API over HTTP against Tyr in-process (real SQLite, real conductor with fake-hardware).
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: nodes', function () {
  let api: ApiHarness;
  const L = { version: 'latest' };
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  async function create(body: Record<string, unknown>, version = 'latest') {
    const r = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', ...body }, { version });
    expect(r.status, r.message).to.equal(201);
    return r.body;
  }

  it('creates a node in enroll (1.11+) or available (older), with a Location header', async () => {
    const r = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'alpha' }, L);
    expect(r.status).to.equal(201);
    expect(r.headers.get('location')).to.match(/\/v1\/nodes\/[0-9a-f-]{36}$/);
    expect(r.body.provision_state).to.equal('enroll');
    expect(r.body.links[0]).to.deep.include({ rel: 'self' });
    const old = await create({}, '1.10');
    expect(old.provision_state).to.equal('available');
  });

  it('masks driver_info passwords and tokens in show, list and PATCH responses, but keeps the stored secret', async () => {
    const n = await create({
      name: 'masked',
      driver_info: { ipmi_address: '10.0.0.1', ipmi_password: 'hunter2', agent_token: 'tok', nested: { rescue_password: 'x' } },
    });
    expect(n.driver_info).to.deep.equal({
      ipmi_address: '10.0.0.1',
      ipmi_password: '******',
      agent_token: '******',
      nested: { rescue_password: '******' },
    });
    const detail = await api.call('GET', '/v1/nodes/detail?limit=1000', undefined, L);
    expect(JSON.stringify(detail.body)).to.not.include('hunter2');
    const patched = await api.call('PATCH', '/v1/nodes/masked', [{ op: 'add', path: '/driver_info/ipmi_username', value: 'admin' }], L);
    expect(patched.status, patched.message).to.equal(200);
    expect(patched.body.driver_info.ipmi_password).to.equal('******');
    const stored = await api.server.store.nodes.getByIdent('masked');
    expect(stored.driver_info.ipmi_password).to.equal('hunter2');
  });

  it('hides fields newer than the requested version', async () => {
    const n = await create({ name: 'versions' });
    const v1 = (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, { version: '1.1' })).body;
    expect(v1).to.not.have.any.keys('name', 'driver_internal_info', 'boot_interface', 'traits', 'conductor_group', 'owner', 'lessee');
    // The states link arrived in 1.14.
    expect(v1).to.include.keys('uuid', 'driver', 'driver_info', 'provision_state', 'links', 'ports');
    expect(v1).to.not.have.property('states');
    const v31 = (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, { version: '1.31' })).body;
    expect(v31).to.include.keys('name', 'boot_interface', 'network_interface', 'resource_class');
    expect(v31).to.not.have.any.keys('storage_interface', 'traits', 'fault');
    const latest = (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, L)).body;
    expect(latest).to.include.keys('shard', 'boot_mode', 'network_data', 'lessee', 'retired', 'traits', 'conductor');
    expect(latest).to.not.have.key('firmware_interface');
  });

  it('shows by name only from 1.5', async () => {
    await create({ name: 'byname' });
    expect((await api.call('GET', '/v1/nodes/byname', undefined, { version: '1.5' })).status).to.equal(200);
    expect((await api.call('GET', '/v1/nodes/byname', undefined, { version: '1.4' })).status).to.equal(404);
  });

  it('lists with filters, fields, and keyset pages linked by next', async () => {
    for (let i = 0; i < 5; i++) await create({ name: `page-${i}`, resource_class: 'pagetest', owner: i % 2 ? 'odd' : 'even' });
    const first = await api.call('GET', '/v1/nodes?resource_class=pagetest&limit=2&sort_key=name', undefined, L);
    expect(first.body.nodes.map((n: any) => n.name)).to.deep.equal(['page-0', 'page-1']);
    expect(first.body.next)
      .to.match(/\/v1\/nodes\?.*resource_class=pagetest/)
      .and.match(/marker=/)
      .and.match(/limit=2/);
    const second = await api.call('GET', new URL(first.body.next).pathname + new URL(first.body.next).search, undefined, L);
    expect(second.body.nodes.map((n: any) => n.name)).to.deep.equal(['page-2', 'page-3']);
    const odd = await api.call('GET', '/v1/nodes?resource_class=pagetest&owner=odd&fields=name,owner', undefined, L);
    expect(odd.body.nodes).to.have.length(2);
    expect(Object.keys(odd.body.nodes[0]).sort()).to.deep.equal(['links', 'name', 'owner']);
    expect(odd.body.next).to.equal(undefined);
    const desc = await api.call('GET', '/v1/nodes?description_contains=zzz', undefined, L);
    expect(desc.body.nodes).to.deep.equal([]);
    // A filter newer than the request's version is refused.
    expect((await api.call('GET', '/v1/nodes?owner=odd', undefined, { version: '1.49' })).status).to.equal(406);
  });

  it('PATCH adds, replaces and removes; refuses read-only fields and new root attributes', async () => {
    const n = await create({ name: 'patchme' });
    const p = (ops: unknown) => api.call('PATCH', `/v1/nodes/${n.uuid}`, ops, L);
    const r = await p([
      { op: 'add', path: '/properties/cpus', value: 8 },
      { op: 'replace', path: '/description', value: 'rack 4' },
    ]);
    expect(r.status, r.message).to.equal(200);
    expect(r.body).to.deep.include({ properties: { cpus: 8 }, description: 'rack 4' });
    expect((await p([{ op: 'remove', path: '/properties/cpus' }])).body.properties).to.deep.equal({});
    const ro = await p([{ op: 'replace', path: '/provision_state', value: 'active' }]);
    expect(ro.status).to.equal(400);
    expect(ro.message).to.include("'/provision_state' is an internal attribute");
    const root = await p([{ op: 'add', path: '/foo', value: 1 }]);
    expect(root.status).to.equal(400);
    expect(root.message).to.include('Adding a new attribute (/foo)');
    expect((await p([{ op: 'remove', path: '/driver' }])).status).to.equal(400);
    expect((await p([{ op: 'replace', path: '/driver', value: 'no-such-type' }])).status).to.equal(400);
  });

  it('answers 409 NodeLocked when a conductor holds the node', async () => {
    const n = await create({ name: 'locked' });
    await api.server.store.nodes.reserve((await api.server.store.nodes.getByIdent(n.uuid)).id, 'other-host');
    const r = await api.call('PATCH', `/v1/nodes/${n.uuid}`, [{ op: 'add', path: '/extra/a', value: 1 }], L);
    expect(r.status).to.equal(409);
    expect(r.message).to.match(/locked by host other-host/);
  });

  it('runs power and provision verbs through the conductor (202, Location) and reports /states', async () => {
    const n = await create({ name: 'states' });
    const pw = await api.call('PUT', `/v1/nodes/${n.uuid}/states/power`, { target: 'power on' }, L);
    expect(pw.status, pw.message).to.equal(202);
    const manage = await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'manage' }, L);
    expect(manage.status, manage.message).to.equal(202);
    expect(manage.headers.get('location')).to.match(new RegExp(`/v1/nodes/${n.uuid}/states$`));
    await api.server.conductor.idle();
    const st = await api.call('GET', `/v1/nodes/${n.uuid}/states`, undefined, L);
    expect(st.body).to.deep.include({ power_state: 'power on', provision_state: 'manageable' });
    // A verb newer than the request is 406 naming its version, as Ironic; an unknown one is 400.
    const bad = await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'rescue' }, { version: '1.37' });
    expect(bad.status).to.equal(406);
    expect(bad.message).to.include('requires API version 1.38');
    const unknown = await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'explode' }, { version: '1.37' });
    expect(unknown.status).to.equal(400);
    expect(unknown.message).to.include('Accepted at API 1.37');
  });

  it('boot device, maintenance, validate, traits, vifs, inventory and history', async () => {
    const n = await create({ name: 'subs' });
    const u = `/v1/nodes/${n.uuid}`;
    expect((await api.call('PUT', `${u}/management/boot_device`, { boot_device: 'pxe', persistent: true }, L)).status).to.equal(204);
    expect((await api.call('GET', `${u}/management/boot_device`, undefined, L)).body).to.deep.equal({
      boot_device: 'pxe',
      persistent: true,
    });
    expect((await api.call('GET', `${u}/management/boot_device/supported`, undefined, L)).body.supported_boot_devices).to.include('pxe');
    expect((await api.call('PUT', `${u}/maintenance`, { reason: 'fan' }, L)).status).to.equal(202);
    expect((await api.call('GET', u, undefined, L)).body).to.deep.include({ maintenance: true, maintenance_reason: 'fan' });
    expect((await api.call('DELETE', `${u}/maintenance`, undefined, L)).status).to.equal(202);
    expect((await api.call('GET', `${u}/validate`, undefined, L)).body.power).to.have.property('result');
    expect((await api.call('PUT', `${u}/traits`, { traits: ['CUSTOM_B', 'CUSTOM_A'] }, L)).status).to.equal(204);
    expect((await api.call('PUT', `${u}/traits/CUSTOM_C`, undefined, L)).status).to.equal(204);
    expect((await api.call('DELETE', `${u}/traits/CUSTOM_A`, undefined, L)).status).to.equal(204);
    expect((await api.call('GET', `${u}/traits`, undefined, L)).body.traits).to.deep.equal(['CUSTOM_B', 'CUSTOM_C']);
    expect((await api.call('GET', u, undefined, L)).body.traits).to.deep.equal(['CUSTOM_B', 'CUSTOM_C']);
    expect((await api.call('PUT', `${u}/traits/lower`, undefined, L)).status).to.equal(400);
    const noPort = await api.call('POST', `${u}/vifs`, { id: 'vif-1' }, L);
    expect(noPort.status).to.equal(400);
    expect(noPort.message).to.include('no free physical port');
    expect((await api.call('POST', '/v1/ports', { address: '52:54:00:00:00:99', node_uuid: n.uuid }, L)).status).to.equal(201);
    expect((await api.call('POST', `${u}/vifs`, { id: 'vif-1' }, L)).status).to.equal(204);
    expect((await api.call('GET', `${u}/vifs`, undefined, L)).body.vifs).to.deep.equal([{ id: 'vif-1' }]);
    expect((await api.call('DELETE', `${u}/vifs/vif-1`, undefined, L)).status).to.equal(204);
    const inv = await api.call('GET', `${u}/inventory`, undefined, L);
    expect(inv.status).to.equal(404);
    expect(inv.message).to.include('Node inventory');
    await api.server.store.inventory.add((await api.server.store.nodes.getByIdent(n.uuid)).id, { cpu: { count: 4 } }, {}, 2);
    expect((await api.call('GET', `${u}/inventory`, undefined, L)).body.inventory).to.deep.equal({ cpu: { count: 4 } });
    expect((await api.call('GET', `${u}/history`, undefined, L)).body.history).to.be.an('array');
  });

  it('PATCH instance_uuid: 409 when another instance holds the node; the same one or none is fine', async () => {
    const n = await create({ name: 'claimed', instance_uuid: '11111111-2222-3333-4444-666666666666' });
    const set = (value: string | null) =>
      api.call(
        'PATCH',
        `/v1/nodes/${n.uuid}`,
        [value === null ? { op: 'remove', path: '/instance_uuid' } : { op: 'replace', path: '/instance_uuid', value }],
        L,
      );
    const taken = await set('99999999-2222-3333-4444-666666666666');
    expect(taken.status).to.equal(409);
    expect(taken.message).to.include('already associated with instance 11111111-2222-3333-4444-666666666666');
    expect((await set('11111111-2222-3333-4444-666666666666')).status).to.equal(200);
    expect((await set(null)).status).to.equal(200);
    expect((await set('99999999-2222-3333-4444-666666666666')).status).to.equal(200);
  });

  it('refuses to delete a node with an instance, and deletes an idle one', async () => {
    const n = await create({ name: 'withinstance', instance_uuid: '11111111-2222-3333-4444-555555555555' });
    const r = await api.call('DELETE', `/v1/nodes/${n.uuid}`, undefined, L);
    expect(r.status).to.be.oneOf([400, 409]);
    expect(r.message).to.match(/instance/i);
    const idle = await create({ name: 'idle' });
    expect((await api.call('DELETE', `/v1/nodes/${idle.uuid}`, undefined, L)).status).to.equal(204);
    expect((await api.call('GET', `/v1/nodes/${idle.uuid}`, undefined, L)).status).to.equal(404);
  });

  it('ports: create, normalise MAC, filter by node name and address, 409 on duplicate', async () => {
    const n = await create({ name: 'porty' });
    const p = await api.call('POST', '/v1/ports', { address: '52:54:00:AB:CD:EF', node_uuid: n.uuid }, L);
    expect(p.status, p.message).to.equal(201);
    expect(p.body.address).to.equal('52:54:00:ab:cd:ef');
    expect((await api.call('GET', '/v1/ports?node=porty', undefined, L)).body.ports).to.have.length(1);
    expect((await api.call('GET', '/v1/ports?address=52:54:00:AB:CD:EF', undefined, L)).body.ports[0].uuid).to.equal(p.body.uuid);
    expect((await api.call('GET', `/v1/nodes/porty/ports`, undefined, L)).body.ports).to.have.length(1);
    const dup = await api.call('POST', '/v1/ports', { address: '52:54:00:ab:cd:ef', node_uuid: n.uuid }, L);
    expect(dup.status).to.equal(409);
    const patched = await api.call('PATCH', `/v1/ports/${p.body.uuid}`, [{ op: 'replace', path: '/pxe_enabled', value: false }], L);
    expect(patched.body.pxe_enabled).to.equal(false);
    expect((await api.call('DELETE', `/v1/ports/${p.body.uuid}`, undefined, L)).status).to.equal(204);
  });

  it('portgroups, chassis and its nodes, drivers and conductors', async () => {
    const n = await create({ name: 'grouped' });
    const pg = await api.call('POST', '/v1/portgroups', { node_uuid: n.uuid, name: 'bond0', address: '52:54:00:00:00:01' }, L);
    expect(pg.status, pg.message).to.equal(201);
    expect((await api.call('GET', '/v1/portgroups', undefined, { version: '1.22' })).status).to.equal(404);
    const ch = await api.call('POST', '/v1/chassis', { description: 'rack 1' }, L);
    expect(ch.status).to.equal(201);
    await api.call('PATCH', `/v1/nodes/${n.uuid}`, [{ op: 'replace', path: '/chassis_uuid', value: ch.body.uuid }], L);
    const inChassis = await api.call('GET', `/v1/chassis/${ch.body.uuid}/nodes`, undefined, L);
    expect(inChassis.body.nodes.map((x: any) => x.uuid)).to.deep.equal([n.uuid]);
    expect((await api.call('DELETE', `/v1/chassis/${ch.body.uuid}`, undefined, L)).status).to.equal(400);
    const drivers = await api.call('GET', '/v1/drivers?detail=true', undefined, L);
    const fake = drivers.body.drivers.find((d: any) => d.name === 'fake-hardware');
    expect(fake.hosts).to.deep.equal([api.server.conductor.hostname]);
    expect(fake.enabled_power_interfaces).to.include('fake');
    expect((await api.call('GET', '/v1/drivers/fake-hardware/properties', undefined, L)).status).to.equal(200);
    const cond = await api.call('GET', '/v1/conductors', undefined, L);
    expect(cond.body.conductors[0]).to.deep.include({ hostname: api.server.conductor.hostname, alive: true });
    const one = await api.call('GET', `/v1/conductors/${api.server.conductor.hostname}`, undefined, L);
    expect(one.body.drivers).to.include('fake-hardware');
  });
});

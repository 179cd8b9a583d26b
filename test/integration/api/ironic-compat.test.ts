// Issue #17's rows, each as Ironic answers it (an in-process tyr server over HTTP). The
// openstacksdk suite (test/compat) is the broad check; these pin the details clients rely on.
import type { ProvisionState } from '../../../core/states/provision-states.js';
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { until } from '../../helpers/until.js';

const L = { version: '1.82' };

describe('Ironic wire compatibility (issue #17 rows)', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  const create = async (body: Record<string, unknown>, version = '1.82') =>
    (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', ...body }, { version })).body;
  /** Puts a node straight into a state through the store, as a conductor mid-operation would leave it. */
  const setState = async (uuid: string, state: ProvisionState, target: ProvisionState | null) => {
    const n = await api.server.store.nodes.getByIdent(uuid);
    await api.server.store.nodes.update(n.id, { provision_state: state, target_provision_state: target });
  };

  const provisionState = (uuid: string, state: string) =>
    until(`node ${uuid} to be ${state}`, 5000, async () => {
      const shown = (await api.call('GET', `/v1/nodes/${uuid}`, undefined, L)).body;
      return shown.provision_state === state ? shown : undefined;
    });

  before(async () => {
    api = await startApi();
  });
  after(async () => api?.stop());

  it('GET /v1/: the version object, media_types object, describedby link, resource links by version', async () => {
    const r = await api.call('GET', '/v1/', undefined, L);
    expect(r.body.version).to.include({ id: 'v1', status: 'CURRENT', min_version: '1.1', version: '1.82' });
    expect(r.body.media_types).to.deep.equal({ base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' });
    expect(r.body.links.map((l: { rel: string }) => l.rel)).to.include('describedby');
    expect(r.body).to.include.keys('allocations', 'deploy_templates', 'volume', 'shards', 'events');
    const old = await api.call('GET', '/v1/', undefined, { version: '1.22' });
    expect(old.body).to.include.keys('lookup', 'heartbeat');
    expect(old.body).to.not.have.any.keys('portgroups', 'volume', 'allocations');
  });

  it('takes configdrive as a string at 1.46, an object only from 1.56, with rebuild only from 1.35', async () => {
    const node = await create({ name: 'cd-node' });
    await api.call('PUT', `/v1/nodes/${node.uuid}/states/provision`, { target: 'manage' }, L);
    await provisionState(node.uuid, 'manageable');
    await api.call('PUT', `/v1/nodes/${node.uuid}/states/provision`, { target: 'provide' }, L);
    await provisionState(node.uuid, 'available');
    const obj = await api.call(
      'PUT',
      `/v1/nodes/${node.uuid}/states/provision`,
      { target: 'active', configdrive: { user_data: 'x' } },
      { version: '1.55' },
    );
    expect(obj.status, obj.message).to.equal(406);
    expect(obj.message).to.match(/1\.56/);
    const ok = await api.call(
      'PUT',
      `/v1/nodes/${node.uuid}/states/provision`,
      { target: 'active', configdrive: 'H4sIAAAAAAAAA-secret-blob' },
      { version: '1.46' },
    );
    expect(ok.status, ok.message).to.equal(202);
    const shown = await provisionState(node.uuid, 'active');
    expect(shown.instance_info.configdrive).to.equal('******');
    const rebuild = await api.call(
      'PUT',
      `/v1/nodes/${node.uuid}/states/provision`,
      { target: 'rebuild', configdrive: 'abc' },
      { version: '1.34' },
    );
    expect(rebuild.status).to.equal(406);
  });

  it('masks secrets by oslo.utils fragments as substrings, at every version, with ?fields, and the image URL', async () => {
    const node = await create({
      driver_info: {
        ipmi_password: 'pw-PLANTED-1',
        my_secret_thing: 'pw-PLANTED-2',
        chappassword: 'pw-PLANTED-3',
        ipmi_address: '10.0.0.1',
      },
      instance_info: { image_url: 'http://x/?temp_url_sig=abc', configdrive: 'blob', private_key: 'pw-PLANTED-4', image_source: 'img' },
    });
    for (const version of ['1.1', '1.82']) {
      const r = await api.call('GET', `/v1/nodes/${node.uuid}`, undefined, { version });
      expect(r.body.driver_info).to.deep.equal({
        ipmi_password: '******',
        my_secret_thing: '******',
        chappassword: '******',
        ipmi_address: '10.0.0.1',
      });
      expect(r.body.instance_info).to.deep.equal({
        image_url: '******',
        configdrive: '******',
        private_key: '******',
        image_source: 'img',
      });
    }
    const f = await api.call('GET', `/v1/nodes/${node.uuid}?fields=driver_info`, undefined, L);
    expect(JSON.stringify(f.body)).to.not.contain('PLANTED');
  });

  it('accepts Ironic interface names and applies the ipmi defaults', async () => {
    const n = await create({
      console_interface: 'no-console',
      rescue_interface: 'no-rescue',
      network_interface: 'noop',
      bios_interface: 'no',
    });
    expect(n).to.include({
      console_interface: 'no-console',
      rescue_interface: 'no-rescue',
      network_interface: 'noop',
      bios_interface: 'no-bios',
    });
    const drv = (await api.call('GET', '/v1/drivers/ipmi', undefined, L)).body;
    expect(drv).to.include({
      default_console_interface: 'no-console',
      default_rescue_interface: 'no-rescue',
      default_inspect_interface: 'no-inspect',
      default_bios_interface: 'no-bios',
      default_raid_interface: 'agent',
      default_vendor_interface: 'ipmitool',
      default_network_interface: 'flat',
      default_boot_interface: 'ipxe',
      default_deploy_interface: 'direct',
    });
    const pxe = await create({ driver: 'ipmi', boot_interface: 'pxe' });
    expect(pxe.boot_interface).to.equal('ipxe');
    // noop network: attaching a VIF needs no port, and the list stays empty, as in Ironic.
    const vif = await api.call('POST', `/v1/nodes/${n.uuid}/vifs`, { id: 'vif-1', extra_key_nova_sends: 1 }, L);
    expect(vif.status, vif.message).to.equal(204);
    expect((await api.call('GET', `/v1/nodes/${n.uuid}/vifs`, undefined, L)).body.vifs).to.deep.equal([]);
    expect((await api.call('DELETE', `/v1/nodes/${n.uuid}/vifs/vif-1`, undefined, L)).status).to.equal(204);
  });

  it('reads string booleans on node and port writes, and refuses a non-boolean', async () => {
    const n = await create({ name: 'bools' });
    const p = await api.call(
      'PATCH',
      `/v1/nodes/${n.uuid}`,
      [
        { op: 'replace', path: '/automated_clean', value: 'False' },
        { op: 'replace', path: '/maintenance', value: 'true' },
      ],
      L,
    );
    expect(p.status, p.message).to.equal(200);
    expect(p.body).to.include({ automated_clean: false, maintenance: true });
    const port = await api.call('POST', '/v1/ports', { node_uuid: n.uuid, address: '52:54:00:aa:bb:01', pxe_enabled: 'False' }, L);
    expect(port.status, port.message).to.equal(201);
    expect(port.body.pxe_enabled).to.equal(false);
    const patched = await api.call('PATCH', `/v1/ports/${port.body.uuid}`, [{ op: 'replace', path: '/pxe_enabled', value: 'true' }], L);
    expect(patched.body.pxe_enabled).to.equal(true);
    const bad = await api.call('PATCH', `/v1/ports/${port.body.uuid}`, [{ op: 'replace', path: '/pxe_enabled', value: 'maybe' }], L);
    expect(bad.status).to.equal(400);
    expect(bad.message).to.match(/pxe_enabled/);
  });

  it('looks nodes up by UUID or name only, never by instance name', async () => {
    await create({ name: 'real-name', instance_info: { display_name: 'vm-by-display-name' } });
    expect((await api.call('GET', '/v1/nodes/vm-by-display-name', undefined, L)).status).to.equal(404);
    expect((await api.call('GET', '/v1/nodes/real-name', undefined, L)).status).to.equal(200);
    const found = await api.call('GET', '/v1/nodes?instance_name=vm-by-display-name', undefined, L);
    expect(found.body.nodes.map((x: { name: string }) => x.name)).to.deep.equal(['real-name']);
  });

  it("answers with Ironic's status codes", async () => {
    const unknown = '5c9dcd04-2073-49bc-9618-99ae634d8971';
    expect((await api.call('POST', '/v1/ports', { node_uuid: unknown, address: '52:54:00:aa:bb:02' }, L)).status).to.equal(400);
    expect((await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', chassis_uuid: unknown }, L)).status).to.equal(400);
    expect((await api.call('GET', '/v1/nodes', undefined, { version: 'one.two' })).status).to.equal(406);
    expect((await api.call('GET', `/v1/nodes?marker=${unknown}`, undefined, L)).status).to.equal(404);
    expect((await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', shard: 'a' }, { version: '1.81' })).status).to.equal(406);
    const n = await create({ name: 'codes' });
    expect((await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'deploy' }, { version: '1.72' })).status).to.equal(406);
    const patch = await api.call('PATCH', `/v1/nodes/${n.uuid}`, [{ op: 'remove', path: '/extra/foo/bar' }], L);
    expect(patch.status).to.equal(400);
    expect(patch.message).to.contain('/extra/foo/bar');
    await api.call('POST', '/v1/ports', { node_uuid: n.uuid, address: '52:54:00:aa:bb:03' }, L);
    // enroll expects no agent: 404, as Ironic, and an invalid MAC beside it is skipped, not a 400.
    expect((await api.call('GET', '/v1/lookup?addresses=52:54:00:aa:bb:03,not-a-mac', undefined, L)).status).to.equal(404);
  });

  it('shapes bodies as Ironic: timestamps, request ids, empty steps, NOSTATE, links by version and fields', async () => {
    // Before 1.11 a new node is "available" at once.
    const n = await create({}, '1.10');
    const r = await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, L);
    expect(r.body.created_at).to.match(/\+00:00$/);
    expect(r.headers.get('openstack-request-id')).to.match(/^req-[0-9a-f-]{36}$/);
    expect(r.body.clean_step).to.deep.equal({});
    expect(r.body.deploy_step).to.deep.equal({});
    expect((await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, { version: '1.1' })).body.provision_state).to.equal(null);
    expect((await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, { version: '1.13' })).body).to.not.have.property('states');
    const fields = await api.call('GET', `/v1/nodes/${n.uuid}?fields=uuid,name`, undefined, L);
    expect(Object.keys(fields.body).sort()).to.deep.equal(['links', 'name', 'uuid']);
    const drv = await api.call('GET', '/v1/drivers/fake-hardware', undefined, { version: '1.13' });
    expect(drv.body).to.not.have.any.keys('type', 'properties');
    expect((await api.call('GET', '/v1/drivers/fake-hardware', undefined, { version: '1.30' })).body.type).to.equal('dynamic');
    expect((await api.call('GET', '/v1/drivers?fields=name', undefined, L)).body.drivers[0]).to.have.keys('name');
  });

  it('validates as Ironic: portgroup mode, reserved names, traits, port node UUID, steps, updates mid-transition', async () => {
    const n = await create({ name: 'valid' });
    const pg = await api.call('POST', '/v1/portgroups', { node_uuid: n.uuid }, L);
    expect(pg.body.mode).to.equal('active-backup');
    expect((await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'detail' }, L)).status).to.equal(400);
    expect((await api.call('PUT', `/v1/nodes/${n.uuid}/traits/NOT_A_TRAIT`, undefined, L)).status).to.equal(400);
    expect((await api.call('PUT', `/v1/nodes/${n.uuid}/traits/CUSTOM_GPU`, undefined, L)).status).to.equal(204);
    expect((await api.call('POST', '/v1/ports', { node_uuid: 'valid', address: '52:54:00:aa:bb:04' }, L)).status).to.equal(400);
    expect((await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'manage', clean_steps: [] }, L)).status).to.equal(400);
    await setState(n.uuid, 'deploying', 'active');
    const busy = await api.call('PATCH', `/v1/nodes/${n.uuid}`, [{ op: 'add', path: '/extra/x', value: 1 }], L);
    expect(busy.status).to.equal(409);
    expect(busy.message).to.match(/state transition/);
  });

  it('hides endpoints newer than 1.82 from Ironic clients; Tyr clients opt in; the ramdisk callback answers at 1.1', async () => {
    const n = await create({ name: 'newer' });
    const tyr = { version: '1.82', headers: { 'X-Tyr-Extensions': '1' } };
    expect((await api.call('GET', `/v1/nodes/${n.uuid}/firmware`, undefined, L)).status).to.equal(404);
    expect((await api.call('GET', `/v1/nodes/${n.uuid}/firmware`, undefined, tyr)).status).to.equal(200);
    expect((await api.call('GET', '/v1/inspection_rules', undefined, L)).status).to.equal(404);
    expect((await api.call('GET', '/v1/inspection_rules', undefined, tyr)).status).to.equal(200);
    expect((await api.call('POST', '/v1/continue_inspection', { inventory: {} }, L)).status).to.equal(404);
    // No version header: the ramdisk's call reaches the endpoint (here refused for its empty inventory).
    const ramdisk = await api.call('POST', '/v1/continue_inspection', { inventory: {} });
    expect(ramdisk.status).to.equal(400);
  });

  it('filters lists as Ironic: shard lists, sharded, project, conductor, detail on ports, history pages', async () => {
    await create({ name: 'sh-a', shard: 'a', owner: 'proj-1' });
    await create({ name: 'sh-b', shard: 'b', lessee: 'proj-1' });
    await create({ name: 'sh-none' });
    const names = async (q: string) =>
      (await api.call('GET', `/v1/nodes?${q}`, undefined, L)).body.nodes.map((x: { name: string }) => x.name).sort();
    expect(await names('shard=a,b')).to.deep.equal(['sh-a', 'sh-b']);
    expect(await names('sharded=true')).to.deep.equal(['sh-a', 'sh-b']);
    expect(await names('project=proj-1')).to.deep.equal(['sh-a', 'sh-b']);
    expect(await names('conductor=no-such-conductor')).to.deep.equal([]);
    expect((await api.call('GET', '/v1/ports?detail=true', undefined, L)).status).to.equal(200);
    expect((await api.call('GET', '/v1/ports?detail=true', undefined, { version: '1.42' })).status).to.equal(406);
    const hist = await api.call('GET', '/v1/nodes/sh-a/history?limit=1', undefined, L);
    expect(hist.status, hist.message).to.equal(200);
  });
});

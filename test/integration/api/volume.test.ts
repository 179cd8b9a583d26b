// Volume connectors and targets over HTTP against Tyr in-process (real SQLite, real conductor
// with fake-hardware), with Ironic's rules: 1.32+, node-scoped views read-only, changes only
// while the node is powered off, (type, connector_id) and (node, boot_index) unique.
import { expect } from 'chai';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: volume connectors and targets', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  const L = { version: 'latest' };
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  async function node(name: string, power: 'power on' | 'power off') {
    const n = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name }, L)).body;
    await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target: 'manage' }, L);
    await until(
      'manageable',
      20_000,
      async () => (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, L)).body.provision_state === 'manageable',
    );
    const r = await api.call('PUT', `/v1/nodes/${n.uuid}/states/power`, { target: power }, L);
    expect(r.status, r.message).to.equal(202);
    await until(power, 20_000, async () => (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, L)).body.power_state === power);
    return n.uuid as string;
  }

  it('is absent below 1.32, and /v1/volume links to connectors and targets', async () => {
    expect((await api.call('GET', '/v1/volume', undefined, { version: '1.31' })).status).to.equal(404);
    expect((await api.call('GET', '/v1/volume/connectors', undefined, { version: '1.31' })).status).to.equal(404);
    expect((await api.call('POST', '/v1/volume/targets', {}, { version: '1.31' })).status).to.equal(404);
    const root = await api.call('GET', '/v1/volume', undefined, { version: '1.32' });
    expect(root.status).to.equal(200);
    expect(root.body.connectors[0].href).to.equal(`${api.url}/v1/volume/connectors`);
    expect(root.body.targets[1]).to.deep.equal({ href: `${api.url}/volume/targets`, rel: 'bookmark' });
  });

  it('creates, shows, lists (short, detail, fields, by node name), patches and deletes a connector', async () => {
    const n = await node('vol-conn', 'power off');
    const created = await api.call(
      'POST',
      '/v1/volume/connectors',
      { node_uuid: n, type: 'iqn', connector_id: 'iqn.2017-07.org.example:a', extra: { rack: 1 } },
      L,
    );
    expect(created.status, created.message).to.equal(201);
    expect(created.headers.get('location')).to.equal(`${api.url}/v1/volume/connectors/${created.body.uuid}`);
    expect(created.body).to.include({ node_uuid: n, type: 'iqn', connector_id: 'iqn.2017-07.org.example:a' });
    expect(created.body.links[0].href).to.equal(`${api.url}/v1/volume/connectors/${created.body.uuid}`);
    const id = created.body.uuid;

    const short = await api.call('GET', '/v1/volume/connectors?node=vol-conn', undefined, L);
    expect(short.body.connectors).to.have.length(1);
    expect(Object.keys(short.body.connectors[0]).sort()).to.deep.equal(['connector_id', 'links', 'node_uuid', 'type', 'uuid']);
    const detail = await api.call('GET', `/v1/volume/connectors?detail=true&node=${n}`, undefined, L);
    expect(detail.body.connectors[0]).to.include.keys('extra', 'created_at', 'updated_at');
    const fields = await api.call('GET', '/v1/volume/connectors?fields=uuid,extra', undefined, L);
    expect(fields.body.connectors.find((c: any) => c.uuid === id)).to.not.have.key('node_uuid');
    expect((await api.call('GET', '/v1/volume/connectors?fields=uuid&detail=true', undefined, L)).status).to.equal(400);
    const underNode = await api.call('GET', `/v1/nodes/vol-conn/volume/connectors`, undefined, L);
    expect(underNode.body.connectors.map((c: any) => c.uuid)).to.deep.equal([id]);

    const patched = await api.call('PATCH', `/v1/volume/connectors/${id}`, [{ op: 'add', path: '/extra/answer', value: 42 }], L);
    expect(patched.status, patched.message).to.equal(200);
    expect(patched.body.extra).to.deep.equal({ rack: 1, answer: 42 });
    expect((await api.call('DELETE', `/v1/volume/connectors/${id}`, undefined, L)).status).to.equal(204);
    expect((await api.call('GET', `/v1/volume/connectors/${id}`, undefined, L)).status).to.equal(404);
  });

  it('refuses a duplicate connector identity (409), an unknown type or node (400), and writes under a node (403)', async () => {
    const n = await node('vol-dup', 'power off');
    const body = { node_uuid: n, type: 'wwpn', connector_id: '50:00:00:00:00:00:00:01' };
    expect((await api.call('POST', '/v1/volume/connectors', body, L)).status).to.equal(201);
    const dup = await api.call('POST', '/v1/volume/connectors', body, L);
    expect(dup.status).to.equal(409);
    expect(dup.message).to.equal('A volume connector with type wwpn and connector ID 50:00:00:00:00:00:00:01 already exists.');
    const badType = await api.call('POST', '/v1/volume/connectors', { ...body, type: 'nvme' }, L);
    expect(badType.status).to.equal(400);
    expect(badType.message).to.contain('iqn, ip, mac, wwnn, wwpn, port, portgroup');
    const badNode = await api.call('POST', '/v1/volume/connectors', { ...body, node_uuid: '11111111-2222-3333-4444-555555555555' }, L);
    expect(badNode.status).to.equal(400);
    expect((await api.call('POST', '/v1/volume/connectors', { ...body, node_uuid: 'vol-dup' }, L)).status).to.equal(400);
    expect((await api.call('POST', '/v1/volume/connectors', { type: 'iqn', connector_id: 'x' }, L)).status).to.equal(400);
    expect((await api.call('POST', `/v1/nodes/${n}/volume/connectors`, body, L)).status).to.equal(403);
  });

  it("refuses changing or deleting volume data of a powered-on node with Ironic's message", async () => {
    const n = await node('vol-on', 'power on');
    // Creating is allowed whatever the power state, as in Ironic.
    const t = await api.call('POST', '/v1/volume/targets', { node_uuid: n, volume_type: 'iscsi', boot_index: 0, volume_id: 'vol-1' }, L);
    expect(t.status, t.message).to.equal(201);
    const patch = await api.call('PATCH', `/v1/volume/targets/${t.body.uuid}`, [{ op: 'replace', path: '/volume_id', value: 'vol-2' }], L);
    expect(patch.status).to.equal(400);
    expect(patch.message).to.contain(
      `The requested action "volume target update" can not be performed on node "${n}" while it is in state "power on".`,
    );
    const del = await api.call('DELETE', `/v1/volume/targets/${t.body.uuid}`, undefined, L);
    expect(del.status).to.equal(400);
    expect(del.message).to.contain('"volume target deletion"');
    await api.call('PUT', `/v1/nodes/${n}/states/power`, { target: 'power off' }, L);
    await until('power off', 20_000, async () => (await api.call('GET', `/v1/nodes/${n}`, undefined, L)).body.power_state === 'power off');
    expect((await api.call('DELETE', `/v1/volume/targets/${t.body.uuid}`, undefined, L)).status).to.equal(204);
  });

  it("targets: one boot_index per node (409), PATCH checks types, and Nova's detailed list under the node", async () => {
    const n = await node('vol-tgt', 'power off');
    const t0 = await api.call(
      'POST',
      '/v1/volume/targets',
      { node_uuid: n, volume_type: 'iscsi', boot_index: 0, volume_id: 'a', properties: { target_lun: 0 } },
      L,
    );
    expect(t0.status, t0.message).to.equal(201);
    const dup = await api.call('POST', '/v1/volume/targets', { node_uuid: n, volume_type: 'iscsi', boot_index: 0, volume_id: 'b' }, L);
    expect(dup.status).to.equal(409);
    expect(dup.message).to.equal("A volume target with boot index '0' for the same node already exists.");
    const t1 = await api.call('POST', '/v1/volume/targets', { node_uuid: n, volume_type: 'iscsi', boot_index: 1, volume_id: 'b' }, L);
    const clash = await api.call('PATCH', `/v1/volume/targets/${t1.body.uuid}`, [{ op: 'replace', path: '/boot_index', value: 0 }], L);
    expect(clash.status).to.equal(409);
    const badType = await api.call(
      'PATCH',
      `/v1/volume/targets/${t1.body.uuid}`,
      [{ op: 'replace', path: '/boot_index', value: 'first' }],
      L,
    );
    expect(badType.status).to.equal(400);
    expect((await api.call('PATCH', `/v1/volume/targets/${t1.body.uuid}`, [{ op: 'remove', path: '/volume_id' }], L)).status).to.equal(400);
    // What Nova's list_volume_targets(node, detail=True) sends.
    const nova = await api.call('GET', `/v1/nodes/${n}/volume/targets?detail=True`, undefined, { version: '1.46' });
    expect(nova.status).to.equal(200);
    expect(nova.body.targets.map((t: any) => t.boot_index)).to.deep.equal([0, 1]);
    expect(nova.body.targets[0].properties).to.deep.equal({ target_lun: 0 });
    expect((await api.call('GET', `/v1/nodes/${n}/volume`, undefined, L)).body.targets[0].href).to.equal(
      `${api.url}/v1/nodes/${n}/volume/targets`,
    );
    expect((await api.call('GET', '/v1/nodes/no-such-node/volume/targets', undefined, L)).status).to.equal(404);
  });
});

// Ironic endpoints beyond CRUD, against Tyr in-process on fake hardware: vendor passthru of nodes
// and drivers, boot mode and secure boot (1.75/1.76), indicators (1.63), the portgroup/chassis
// sub-lists, RAID logical disk properties (1.12), external events (1.54) and shards (1.82).
import { expect } from 'chai';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: vendor passthru, boot mode, indicators, events, shards and sub-lists', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let uuid: string;
  const L = { version: 'latest' };

  before(async () => {
    api = await startApi();
    const node = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'extras' }, L);
    expect(node.status).to.equal(201);
    uuid = node.body.uuid;
  });
  after(async () => {
    await api?.stop();
  });

  describe('vendor passthru', () => {
    it("lists the node methods with Ironic's metadata", async () => {
      const r = await api.call('GET', `/v1/nodes/${uuid}/vendor_passthru/methods`, undefined, L);
      expect(r.status).to.equal(200);
      expect(r.body.first_method).to.deep.equal({
        http_methods: ['POST'],
        async: false,
        attach: false,
        require_exclusive_lock: false,
        description: r.body.first_method.description,
      });
      expect(r.body.second_method).to.include({ async: true, require_exclusive_lock: true, attach: false });
    });

    it('a synchronous method answers 200 with its result, in both URL forms', async () => {
      const q = await api.call('POST', `/v1/nodes/extras/vendor_passthru?method=first_method`, { bar: 'baz' }, L);
      expect(q.status).to.equal(200);
      expect(q.body).to.deep.equal({ bar: 'baz' });
      const p = await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru/first_method`, { n: 1 }, L);
      expect(p.body).to.deep.equal({ n: 1 });
    });

    it('an asynchronous method answers 202 and records its end in the history', async () => {
      const r = await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=second_method`, {}, L);
      expect(r.status).to.equal(202);
      await until('second_method in the history', 10_000, async () => {
        const h = await api.call('GET', `/v1/nodes/${uuid}/history`, undefined, L);
        return h.body.history?.some((e: any) => /second_method finished/.test(e.event));
      });
    });

    it('refuses unknown methods (naming the valid ones), wrong verbs and a missing method with 400', async () => {
      const unknown = await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=nope`, {}, L);
      expect(unknown.status).to.equal(400);
      expect(unknown.message)
        .to.match(/nope/)
        .and.match(/first_method, second_method/);
      const verb = await api.call('GET', `/v1/nodes/${uuid}/vendor_passthru?method=first_method`, undefined, L);
      expect(verb.status).to.equal(400);
      expect(verb.message).to.match(/does not support HTTP GET; use POST/);
      const none = await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru`, {}, L);
      expect(none.status).to.equal(400);
      expect(none.message).to.match(/Method not specified/);
    });

    it('drivers have passthru too; an unknown driver is 404', async () => {
      const methods = await api.call('GET', '/v1/drivers/fake-hardware/vendor_passthru/methods', undefined, L);
      expect(Object.keys(methods.body)).to.deep.equal(['first_method']);
      const call = await api.call('POST', '/v1/drivers/fake-hardware/vendor_passthru?method=first_method', { x: 'y' }, L);
      expect(call.status).to.equal(200);
      expect(call.body).to.deep.equal({ x: 'y' });
      expect((await api.call('GET', '/v1/drivers/nope/vendor_passthru/methods', undefined, L)).status).to.equal(404);
      const ipmi = await api.call('GET', '/v1/drivers/ipmi/vendor_passthru/methods', undefined, L);
      expect(ipmi.body).to.deep.equal({});
    });
  });

  describe('boot mode and secure boot', () => {
    it('GET states shows boot_mode and secure_boot from 1.75 only', async () => {
      expect((await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, { version: '1.74' })).body).to.not.have.property('boot_mode');
      expect((await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, { version: '1.75' })).body).to.include({
        boot_mode: null,
        secure_boot: null,
      });
    });

    it('PUT states/boot_mode and secure_boot answer 202, then the node shows the new values', async () => {
      const mode = await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'uefi' }, { version: '1.76' });
      expect(mode.status).to.equal(202);
      const sb = await api.call('PUT', `/v1/nodes/${uuid}/states/secure_boot`, { target: true }, { version: '1.76' });
      expect(sb.status).to.equal(202);
      const states = await until('boot mode and secure boot recorded', 10_000, async () => {
        const s = (await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, L)).body;
        return s.boot_mode === 'uefi' && s.secure_boot === true && s;
      });
      expect(states.last_error).to.equal(null);
      const node = await api.call('GET', `/v1/nodes/${uuid}?fields=boot_mode,secure_boot`, undefined, L);
      expect(node.body).to.include({ boot_mode: 'uefi', secure_boot: true });
    });

    it('is 404 below 1.76 and 400 for a bad target', async () => {
      expect((await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'bios' }, { version: '1.75' })).status).to.equal(404);
      const bad = await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'legacy' }, L);
      expect(bad.status).to.equal(400);
      expect(bad.message).to.match(/uefi, bios/);
      expect((await api.call('PUT', `/v1/nodes/${uuid}/states/secure_boot`, { target: 'maybe' }, L)).status).to.equal(400);
    });
  });

  describe('indicators', () => {
    it('lists the fake indicators as Ironic shapes them', async () => {
      const r = await api.call('GET', `/v1/nodes/${uuid}/management/indicators`, undefined, { version: '1.63' });
      expect(r.status).to.equal(200);
      const led = r.body.indicators.find((i: any) => i.name === 'led-0@system');
      expect(led).to.deep.include({ component: 'system', readonly: false, states: ['ON', 'OFF', 'BLINKING', 'UNKNOWN'] });
      expect(led.links[0].href).to.match(new RegExp(`/v1/nodes/${uuid}/management/indicators/led-0@system$`));
      expect((await api.call('GET', `/v1/nodes/${uuid}/management/indicators`, undefined, { version: '1.62' })).status).to.equal(404);
    });

    it('sets and reads an indicator state; a read-only one and a bad state are 400', async () => {
      const put = await api.call('PUT', `/v1/nodes/${uuid}/management/indicators/led-0@system`, { state: 'BLINKING' }, L);
      expect(put.status).to.equal(204);
      const get = await api.call('GET', `/v1/nodes/${uuid}/management/indicators/led-0@system`, undefined, L);
      expect(get.body).to.deep.equal({ state: 'BLINKING' });
      const ro = await api.call('PUT', `/v1/nodes/${uuid}/management/indicators/led-0@chassis`, { state: 'ON' }, L);
      expect(ro.status).to.equal(400);
      expect(ro.message).to.match(/read-only/);
      expect((await api.call('PUT', `/v1/nodes/${uuid}/management/indicators/led-0@system`, { state: 'PINK' }, L)).status).to.equal(400);
    });
  });

  describe('sub-lists', () => {
    it('/v1/portgroups/{pg}/ports[/detail], /v1/nodes/{n}/portgroups/detail and /v1/chassis/{c}/nodes/detail', async () => {
      const chassis = await api.call('POST', '/v1/chassis', { description: 'rack 1' }, L);
      const node = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', chassis_uuid: chassis.body.uuid }, L);
      const pg = await api.call('POST', '/v1/portgroups', { node_uuid: node.body.uuid, name: 'bond0' }, L);
      const port = await api.call(
        'POST',
        '/v1/ports',
        { node_uuid: node.body.uuid, address: '52:54:00:aa:bb:01', portgroup_uuid: pg.body.uuid },
        L,
      );
      await api.call('POST', '/v1/ports', { node_uuid: node.body.uuid, address: '52:54:00:aa:bb:02' }, L);

      const ports = await api.call('GET', `/v1/portgroups/bond0/ports`, undefined, L);
      expect(ports.body.ports.map((p: any) => p.uuid)).to.deep.equal([port.body.uuid]);
      expect(ports.body.ports[0]).to.not.have.property('pxe_enabled');
      const detail = await api.call('GET', `/v1/portgroups/${pg.body.uuid}/ports/detail`, undefined, L);
      expect(detail.body.ports[0]).to.include({ uuid: port.body.uuid, pxe_enabled: true, portgroup_uuid: pg.body.uuid });
      expect((await api.call('GET', `/v1/portgroups/bond0/ports`, undefined, { version: '1.23' })).status).to.equal(404);

      const pgs = await api.call('GET', `/v1/nodes/${node.body.uuid}/portgroups/detail`, undefined, L);
      expect(pgs.body.portgroups[0]).to.include({ uuid: pg.body.uuid });
      expect(pgs.body.portgroups[0]).to.include.keys('mode', 'standalone_ports_supported', 'properties');

      const nodes = await api.call('GET', `/v1/chassis/${chassis.body.uuid}/nodes/detail`, undefined, L);
      expect(nodes.status).to.equal(200);
      expect(nodes.body.nodes.map((n: any) => n.uuid)).to.deep.equal([node.body.uuid]);
      expect(nodes.body.nodes[0]).to.have.property('driver_info');
    });
  });

  it('GET /v1/drivers/{d}/raid/logical_disk_properties (1.12), 404 for a driver without RAID', async () => {
    const r = await api.call('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties', undefined, { version: '1.12' });
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys(
      'raid_level',
      'size_gb',
      'volume_name',
      'is_root_volume',
      'share_physical_disks',
      'disk_type',
      'interface_type',
      'number_of_physical_disks',
      'controller',
      'physical_disks',
    );
    expect(r.body.size_gb).to.match(/Required/);
    expect((await api.call('GET', '/v1/drivers/manual-management/raid/logical_disk_properties', undefined, L)).status).to.equal(404);
    expect(
      (await api.call('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties', undefined, { version: '1.11' })).status,
    ).to.equal(404);
  });

  describe('POST /v1/events', () => {
    const event = (over: Record<string, unknown> = {}) => ({
      event: 'network.bind_port',
      port_id: '11111111-2222-3333-4444-555555555555',
      mac_address: '52:54:00:aa:bb:01',
      status: 'ACTIVE',
      device_id: '66666666-7777-8888-9999-000000000000',
      'binding:host_id': null,
      'binding:vnic_type': 'baremetal',
      ...over,
    });

    it("accepts network events (204) and records them in the history of the port's node", async () => {
      const r = await api.call(
        'POST',
        '/v1/events',
        { events: [event(), event({ event: 'network.unbind_port', mac_address: '52:54:00:ff:ff:ff' })] },
        { version: '1.54' },
      );
      expect(r.status).to.equal(204);
      const port = await api.call('GET', '/v1/ports?address=52:54:00:aa:bb:01&fields=node_uuid', undefined, L);
      const history = await api.call('GET', `/v1/nodes/${port.body.ports[0].node_uuid}/history`, undefined, L);
      expect(history.body.history.map((h: any) => h.event).join('\n')).to.match(
        /network\.bind_port: port 11111111-2222-3333-4444-555555555555/,
      );
    });

    it('refuses bad bodies with 400 and is 404 below 1.54', async () => {
      const cases: unknown[] = [
        {},
        { events: [] },
        { events: [event()], extra: 1 },
        { events: [event({ event: 'network.other' })] },
        { events: [event({ port_id: 'not-a-uuid' })] },
        { events: [event({ mac_address: 'zz' })] },
        { events: [event({ surprise: true })] },
        { events: [{ event: 'network.bind_port', port_id: '11111111-2222-3333-4444-555555555555' }] },
      ];
      for (const body of cases) {
        const r = await api.call('POST', '/v1/events', body, L);
        expect(r.status, JSON.stringify(body)).to.equal(400);
      }
      expect((await api.call('POST', '/v1/events', { events: [event()] }, { version: '1.53' })).status).to.equal(404);
    });
  });

  it('GET /v1/shards counts nodes per shard (1.82)', async () => {
    for (const shard of ['s1', 's1', 's2']) await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', shard }, L);
    const r = await api.call('GET', '/v1/shards', undefined, { version: '1.82' });
    expect(r.status).to.equal(200);
    const shards = Object.fromEntries(r.body.shards.map((s: any) => [s.name, s.count]));
    expect(shards).to.include({ s1: 2, s2: 1 });
    expect(shards.None).to.be.a('number');
    expect((await api.call('GET', '/v1/shards', undefined, { version: '1.81' })).status).to.equal(404);
  });
});

// The Nova shim's instance methods on a deployed fake-hardware node, against a real `tyr
// server`: look-ups, power and reboot, rescue, crash dump, console, VIFs, power events,
// rebuild and destroy, and their bad-input answers.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../client/types.js';
import { availableNode, spawnBody, startNovaStack, type NovaStack } from '../../helpers/nova-harness.js';

describe('Nova shim: instances', function () {
  this.timeout(120_000);
  let s: NovaStack;
  let node: ApiNode;
  const uuid = randomUUID();

  before(async () => {
    s = await startNovaStack();
    node = await availableNode(s.client, 'inst-a');
    const r = await s.call('PUT', `/instances/${uuid}`, spawnBody(node.uuid, { network_info: [] }));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
  });
  after(async () => {
    await s?.stop();
  });

  it('lists instances with names and UUIDs, and tells whether one exists', async () => {
    const list = await s.call('GET', '/instances');
    expect(list.body.instances).to.deep.include({
      uuid,
      name: 'instance-00000001',
      node: node.uuid,
      power_state: 1,
      power_state_name: 'RUNNING',
      provision_state: 'active',
    });
    expect((await s.call('GET', `/instances/${uuid}`)).status).to.equal(200);
    const missing = await s.call('GET', `/instances/${randomUUID()}`);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.type).to.equal('InstanceNotFound');
    expect((await s.call('GET', `/instances/${randomUUID()}/info`)).status).to.equal(404);
  });

  it('powers off and on, and reboots soft and hard, reporting Nova power states', async () => {
    let r = await s.call('POST', `/instances/${uuid}/actions/power_off`, {});
    expect(r.body.power_state).to.equal(4);
    expect((await s.call('GET', `/instances/${uuid}/info`)).body).to.deep.equal({ state: 4, state_name: 'SHUTDOWN' });
    expect((await s.client.nodes.get(node.uuid)).power_state).to.equal('power off');
    r = await s.call('POST', `/instances/${uuid}/actions/power_on`, {});
    expect(r.body.power_state).to.equal(1);
    r = await s.call('POST', `/instances/${uuid}/actions/power_off`, { timeout: 5 });
    expect(r.body.power_state_name).to.equal('SHUTDOWN');
    for (const reboot_type of ['SOFT', 'HARD']) {
      r = await s.call('POST', `/instances/${uuid}/actions/reboot`, { reboot_type });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.power_state_name).to.equal('RUNNING');
    }
    const history = (await s.client.nodes.history(node.uuid)).map((h) => String(h.event));
    expect(history.join('\n')).to.match(/reboot/i);
    const bad = await s.call('POST', `/instances/${uuid}/actions/reboot`, { reboot_type: 'GENTLE' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.contain('SOFT or HARD');
    const unknown = await s.call('POST', `/instances/${uuid}/actions/hibernate`, {});
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.message).to.contain('trigger_crash_dump');
  });

  it('rescues with a password and unrescues back to active; unrescue when not rescued is a no-op', async () => {
    expect((await s.call('PUT', `/instances/${uuid}/rescue`, {})).body.error.message).to.contain('"rescue_password"');
    let r = await s.call('PUT', `/instances/${uuid}/rescue`, { rescue_password: 's3cret' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.provision_state).to.equal('rescue');
    const hashed = await s.client.nodes.get(node.uuid);
    expect(JSON.stringify(hashed)).not.to.contain('s3cret');
    r = await s.call('DELETE', `/instances/${uuid}/rescue`);
    expect(r.body.provision_state).to.equal('active');
    r = await s.call('DELETE', `/instances/${uuid}/rescue`);
    expect(r.status).to.equal(200);
    expect(r.body.provision_state).to.equal('active');
  });

  it('triggers a crash dump (NMI through management)', async () => {
    const r = await s.call('POST', `/instances/${uuid}/actions/trigger_crash_dump`, {});
    expect(r.status, JSON.stringify(r.body)).to.equal(204);
    expect((await s.call('POST', `/instances/${randomUUID()}/actions/trigger_crash_dump`, {})).status).to.equal(404);
  });

  it('enables the console for get_serial_console, and refuses a console that is not tcp://host:port', async () => {
    expect((await s.client.nodes.getConsole(node.uuid)).console_enabled).to.equal(false);
    const r = await s.call('GET', `/instances/${uuid}/console/serial`);
    // fake-hardware's console has no socket to proxy: Nova gets ConsoleTypeUnavailable.
    expect(r.status).to.equal(409);
    expect(r.body.error.type).to.equal('ConsoleTypeUnavailable');
    expect(r.body.error.message).to.contain('"fake" console');
    expect((await s.client.nodes.getConsole(node.uuid)).console_enabled).to.equal(true);
  });

  it('attaches, plugs, detaches and unplugs VIFs', async () => {
    let r = await s.call('POST', `/instances/${uuid}/vifs`, { vif: { id: 'port-1', address: '52:54:00:00:00:09' } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.vifs).to.deep.equal(['port-1']);
    // The node has one physical port: a second VIF has nowhere to go.
    r = await s.call('POST', `/instances/${uuid}/vifs`, { vif: { id: 'port-2' } });
    expect(r.status).to.equal(400);
    expect(r.body.error.message).to.contain('no free physical port');
    r = await s.call('DELETE', `/instances/${uuid}/vifs/port-1`);
    expect(r.body.vifs).to.deep.equal([]);
    r = await s.call('DELETE', `/instances/${uuid}/vifs/port-1`);
    expect(r.status).to.equal(404);
    expect(r.body.error.message).to.contain('not attached');
    r = await s.call('PUT', `/instances/${uuid}/vifs`, { network_info: [{ id: 'port-3' }] });
    expect(r.body.vifs).to.deep.equal(['port-3']);
    r = await s.call('PUT', `/instances/${uuid}/vifs`, { network_info: [{ id: 'port-3' }] });
    expect(r.body.vifs, 'plug is idempotent').to.deep.equal(['port-3']);
    r = await s.call('DELETE', `/instances/${uuid}/vifs?ids=port-3`);
    expect(r.body.vifs).to.deep.equal([]);
    expect((await s.call('PUT', `/instances/${uuid}/vifs`, { network_info: 'x' })).status).to.equal(400);
  });

  it('answers power_update_event with the instance state Nova saves', async () => {
    let r = await s.call('POST', `/instances/${uuid}/events/power_update`, { target_power_state: 'POWER_OFF' });
    expect(r.body).to.include({ power_state: 4, vm_state: 'stopped', task_state: null, expected_task_state: 'powering-off' });
    r = await s.call('POST', `/instances/${uuid}/events/power_update`, { target_power_state: 'POWER_ON' });
    expect(r.body).to.include({ power_state: 1, vm_state: 'active', expected_task_state: 'powering-on' });
    r = await s.call('POST', `/instances/${uuid}/events/power_update`, { target_power_state: 'ON' });
    expect(r.status).to.equal(400);
  });

  it('rebuilds with a new image and stays active', async () => {
    const r = await s.call('POST', `/instances/${uuid}/actions/rebuild`, {
      display_name: 'web-1',
      flavor: { root_gb: 10, vcpus: 4, memory_mb: 8192 },
      image: { id: 'http://images.example/new.img' },
      preserve_ephemeral: true,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.provision_state).to.equal('active');
    const ii = (await s.client.nodes.get(node.uuid)).instance_info as Record<string, unknown>;
    expect(ii).to.include({ image_source: 'http://images.example/new.img', preserve_ephemeral: 'true', nova_host_id: 'compute-1' });
    expect((await s.call('POST', `/instances/${uuid}/actions/rebuild`, { image: { id: 'x' } })).status).to.equal(400);
  });

  it('destroys: undeploys, detaches VIFs, frees the node; destroying again is a no-op', async () => {
    await s.call('PUT', `/instances/${uuid}/vifs`, { network_info: [{ id: 'port-9' }] });
    // network_info may be empty (Nova after a failed network set-up): the VIF still goes.
    const r = await s.call('DELETE', `/instances/${uuid}`, { network_info: [] });
    expect(r.status, JSON.stringify(r.body)).to.equal(204);
    const after = await s.client.nodes.waitForProvisionState(node.uuid, 'available', { timeoutMs: 20_000, pollIntervalMs: 100 });
    expect(after.instance_uuid).to.equal(null);
    expect(await s.client.nodes.listVifs(node.uuid)).to.deep.equal([]);
    expect((await s.call('GET', '/instances')).body.instances.map((i: { uuid: string }) => i.uuid)).not.to.include(uuid);
    expect((await s.call('DELETE', `/instances/${uuid}`)).status).to.equal(204);
    expect((await s.call('DELETE', '/instances/not-a-uuid')).status).to.equal(400);
  });

  it('serves its OpenAPI document naming every ComputeDriver method', async () => {
    const r = await s.call('GET', '/openapi.json');
    expect(r.body.openapi).to.match(/^3\./);
    const summaries = JSON.stringify(Object.values(r.body.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.summary)));
    for (const m of [
      'init_host',
      'list_instances',
      'list_instance_uuids',
      'instance_exists',
      'get_info',
      'spawn',
      'destroy',
      'reboot',
      'power_on',
      'power_off',
      'rescue',
      'unrescue',
      'get_available_nodes',
      'get_available_resource',
      'update_provider_tree',
      'node_is_available',
      'get_serial_console',
      'attach_interface',
      'detach_interface',
      'plug_vifs',
      'unplug_vifs',
      'rebuild',
      'trigger_crash_dump',
      'power_update_event',
    ]) {
      expect(summaries, m).to.contain(m);
    }
    expect((await s.call('GET', '/no/such/path')).status).to.equal(404);
  });
});

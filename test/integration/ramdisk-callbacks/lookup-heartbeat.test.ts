// The core's side of the agent protocol (docs/agent-protocol.md → GET /v1/lookup and
// POST /v1/heartbeat/{node}) over real HTTP against an in-process Tyr. The agent is played by
// this test's own HTTP calls. Most cases use fake-hardware nodes put into an agent state
// directly through the store (store.nodes.update): that is the core-side protocol under test, not
// the deploy flow (lookup-real-deploy.test.ts reaches "wait call-back" for real).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { applyEvent } from '../../../core/conductor/fsm.js';
import { startApi, type ApiHarness, type Reply } from '../../helpers/api-harness.js';

import { CALLBACK, heartbeat, internalInfo, lookup, nodeIn, V } from './protocol-calls.js';

describe('agent lookup and heartbeat (core side)', function () {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(async () => api?.stop());

  it('looks a node up by MAC and hands out its token once', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const first = await lookup(api, `addresses=${mac.toUpperCase()},52:54:00:00:00:99`);
    expect(first.status, first.message).to.equal(200);
    expect(first.body.node.uuid).to.equal(uuid);
    expect(first.body.config.agent_token_required).to.equal(true);
    expect(first.body.config.heartbeat_timeout).to.equal(api.server.config.conductor.deploy_callback_timeout);
    const token = first.body.config.agent_token as string;
    expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(first.body.node, 'nothing of driver_internal_info').not.to.have.property('driver_internal_info');
    expect((await internalInfo(api, uuid)).agent_secret_token).to.equal(token);

    const second = await lookup(api, `addresses=${mac}`);
    expect(second.status).to.equal(200);
    expect(second.body.config.agent_token).to.equal('******');
    const byUuid = await lookup(api, `node_uuid=${uuid}`);
    expect(byUuid.body.config.agent_token).to.equal('******');
    expect((await internalInfo(api, uuid)).agent_secret_token, 'the stored token is kept').to.equal(token);
  });

  // Failed before: the answer carried driver_internal_info (the rescue password hash among it),
  // the node's name and state, and instance_info's config drive was the only secret masked.
  it('answers only uuid, properties, masked instance_info and config: no config drive, no rescue hash', async () => {
    const { uuid } = await nodeIn(api, 'rescue wait');
    const row = await api.server.store.nodes.getByIdent(uuid);
    const CONFIGDRIVE = 'H4sIAAAAAAAAA-tenant-user-data-and-keys';
    const HASH = '$6$saltsaltsaltsalt$' + 'h'.repeat(86);
    await api.server.store.nodes.update(row.id, {
      name: 'tenant-box',
      properties: { cpus: 4, root_device: { size: '>= 4' } },
      instance_info: { image_source: 'http://images.example/disk.raw', configdrive: CONFIGDRIVE, admin_password: 'hunter2', root_gb: 10 },
      driver_internal_info: { rescue_password_hash: HASH, clean_steps: [{ step: 'x' }] },
    });
    const r = await lookup(api, `node_uuid=${uuid}`);
    expect(r.status, r.message).to.equal(200);
    expect(Object.keys(r.body).sort()).to.deep.equal(['config', 'node']);
    expect(Object.keys(r.body.node).sort()).to.deep.equal(['instance_info', 'properties', 'uuid']);
    expect(r.body.node.properties).to.deep.equal({ cpus: 4, root_device: { size: '>= 4' } });
    expect(r.body.node.instance_info).to.include({ configdrive: '******', admin_password: '******', root_gb: 10 });
    for (const secret of [CONFIGDRIVE, HASH, 'hunter2', 'tenant-box']) expect(JSON.stringify(r.body)).not.to.contain(secret);
    // What a stock IPA reads from config (agent.py, process_lookup_data), with Ironic's default values.
    expect(Object.keys(r.body.config).sort()).to.deep.equal([
      'agent_md5_checksum_enable',
      'agent_token',
      'agent_token_required',
      'disable_deep_image_inspection',
      'heartbeat_timeout',
      'metrics',
      'metrics_statsd',
      'permitted_image_formats',
    ]);
    expect(r.body.config.metrics.backend).to.equal('noop');
  });

  it('issues one token when lookups race', async () => {
    const { mac } = await nodeIn(api, 'clean wait');
    const replies = await Promise.all(Array.from({ length: 5 }, () => lookup(api, `addresses=${mac}`)));
    const tokens = replies.map((r) => r.body.config.agent_token);
    expect(tokens.filter((t) => t !== '******')).to.have.length(1);
  });

  it('records a heartbeat with the token (202) and stores the inventory', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const inventory = {
      cpu: { model_name: 'QEMU Virtual CPU', count: 2, architecture: 'x86_64', flags: [] },
      memory: { total: 2147483648, physical_mb: 2048 },
      disks: [{ name: '/dev/vda', size: 10737418240, rotational: true }],
      interfaces: [{ name: 'eth0', mac_address: mac }],
      pci_devices: [{ vendor_id: '1af4', product_id: '1000', class: '0200', bus: '0000:00:03.0' }],
    };
    const before = Date.now();
    const hb = await heartbeat(api, uuid, { agent_token: token, inventory });
    expect(hb.status, hb.message).to.equal(202);
    expect(hb.body).to.equal(undefined);
    const info = await internalInfo(api, uuid);
    expect(info.agent_url).to.equal(CALLBACK);
    expect(info.agent_version).to.equal('0.1.0');
    expect(info.agent_status).to.equal('start');
    expect(Date.parse(info.agent_last_heartbeat as string)).to.be.within(before - 1000, Date.now() + 1000);

    const inv = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: '1.81' });
    expect(inv.status, inv.message).to.equal(200);
    // Stored as Ironic keeps them: the PCI devices in the plugin data beside the inventory.
    const { pci_devices, ...rest } = inventory;
    expect(inv.body.inventory).to.deep.equal(rest);
    expect(inv.body.plugin_data).to.deep.equal({ pci_devices });

    // Later heartbeats carry no inventory and update the time and status.
    const again = await heartbeat(api, uuid, { agent_token: token, agent_status: 'end', callback_url: 'http://127.0.0.1:9998/' });
    expect(again.status).to.equal(202);
    expect((await internalInfo(api, uuid)).agent_url).to.equal('http://127.0.0.1:9998');
    expect((await internalInfo(api, uuid)).agent_status).to.equal('end');
  });

  it('refuses a heartbeat with a wrong or missing token (401) and records nothing', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token as string;
    const wrong = await heartbeat(api, uuid, { agent_token: `${token.slice(0, -2)}xx`, inventory: { cpu: {} } });
    expect(wrong.status).to.equal(401);
    expect(wrong.message).to.equal(`Invalid or missing agent token for node ${uuid}`);
    expect(JSON.stringify(wrong.body)).not.to.contain(token);
    const missing = await heartbeat(api, uuid, {});
    expect(missing.status).to.equal(401);
    expect(missing.message).to.contain('Invalid or missing agent token');
    const empty = await heartbeat(api, uuid, { agent_token: '' });
    expect(empty.status).to.equal(401);
    const info = await internalInfo(api, uuid);
    expect(info).not.to.have.property('agent_url');
    expect(info).not.to.have.property('agent_last_heartbeat');
    const inv = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: '1.81' });
    expect(inv.status).to.equal(404);
  });

  it('takes a large inventory (300 KB) and refuses a body over the 1 MB limit with 413', async () => {
    const { uuid, mac } = await nodeIn(api, 'inspect wait');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const pci = Array.from({ length: 2500 }, (_, i) => ({
      vendor_id: '8086',
      product_id: '10d3',
      class: '0200',
      bus: `0000:${i}`,
      device_name: 'x'.repeat(60),
    }));
    const big = await heartbeat(api, uuid, { agent_token: token, inventory: { pci_devices: pci } });
    expect(big.status, big.message).to.equal(202);
    const huge = await heartbeat(api, uuid, { agent_token: token, inventory: { blob: 'x'.repeat(1_100_000) } });
    expect(huge.status).to.equal(413);
    const inv = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: '1.81' });
    expect(inv.body.plugin_data.pci_devices).to.have.length(2500);
  });

  it('refuses a heartbeat before any lookup (no token issued yet)', async () => {
    const { uuid } = await nodeIn(api, 'wait call-back');
    expect((await heartbeat(api, uuid, { agent_token: 'guess' })).status).to.equal(401);
  });

  it('refuses lookup for nodes in active and available (404, as Ironic), and unknown MACs (404)', async () => {
    for (const state of ['active', 'available'] as const) {
      const { uuid, mac } = await nodeIn(api, state);
      const r = await lookup(api, `addresses=${mac}`);
      expect(r.status, state).to.equal(404);
      expect(r.message).to.contain(uuid).and.contain(`"${state}"`);
      expect(await internalInfo(api, uuid), 'no token issued').not.to.have.property('agent_secret_token');
    }
    const unknown = await lookup(api, 'addresses=52:54:00:ff:ff:fe');
    expect(unknown.status).to.equal(404);
    expect(unknown.message).to.contain('52:54:00:ff:ff:fe');
    expect((await lookup(api, 'node_uuid=01234567-89ab-4cde-8f01-23456789abcd')).status).to.equal(404);
  });

  it('refuses a heartbeat for a node that left the agent states (409 with the token, 404 unknown node)', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const row = await api.server.store.nodes.getByIdent(uuid);
    await api.server.store.nodes.update(row.id, { provision_state: 'active' }); // bypasses the FSM: token still stored
    const r = await heartbeat(api, uuid, { agent_token: token });
    expect(r.status).to.equal(409);
    expect(r.message).to.contain('"active"');
    expect((await heartbeat(api, '01234567-89ab-4cde-8f01-23456789abcd', { agent_token: token })).status).to.equal(404);
    expect((await heartbeat(api, 'not-a-uuid', { agent_token: token })).status).to.equal(404);
  });

  it('answers 400 with a readable message for bad lookups and heartbeat bodies', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const cases: [Promise<Reply>, RegExp][] = [
      [lookup(api, ''), /addresses.*node_uuid/],
      [lookup(api, 'addresses=not-a-mac'), /MAC address/],
      [lookup(api, 'node_uuid=nope'), /node_uuid.*UUID/],
      [heartbeat(api, uuid, { agent_token: token, callback_url: 'ftp://x' }), /callback_url/],
      [heartbeat(api, uuid, { agent_token: token, callback_url: undefined }), /callback_url/],
      [heartbeat(api, uuid, { agent_token: token, agent_status: 'bored' }), /agent_status/],
      [heartbeat(api, uuid, { agent_token: token, inventory: [1] }), /inventory.*object/],
      [heartbeat(api, uuid, { agent_token: token, surprise: 1 }), /Unknown attribute.*surprise/],
      [api.call('POST', `/v1/heartbeat/${uuid}`, undefined, { raw: '{"callback_url": ' }), /not valid JSON/],
    ];
    for (const [p, re] of cases) {
      const r = await p;
      expect(r.status, r.message).to.equal(400);
      expect(r.message).to.match(re);
    }
    expect(await internalInfo(api, uuid)).not.to.have.property('agent_url');
  });

  it('never shows the token through the node API; abort (through the conductor) clears it', async () => {
    const { uuid, mac } = await nodeIn(api, 'wait call-back');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const node = await api.call('GET', `/v1/nodes/${uuid}`, undefined, V);
    expect(node.body.driver_internal_info.agent_secret_token).to.equal('******');
    const list = await api.call('GET', '/v1/nodes?detail=true', undefined, V);
    expect(JSON.stringify(list.body)).not.to.contain(token);
    expect(JSON.stringify(node.body)).not.to.contain(token);

    const abort = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'abort' }, V);
    expect(abort.status, abort.message).to.equal(202);
    await api.server.conductor.idle();
    const info = await internalInfo(api, uuid);
    expect((await api.server.store.nodes.getByIdent(uuid)).provision_state).to.equal('deploy failed');
    expect(info).not.to.have.property('agent_secret_token');
    expect(info).not.to.have.property('agent_url');
    expect((await heartbeat(api, uuid, { agent_token: token })).status).to.equal(401);
  });

  // Failed before the fix: the heartbeat re-read the node, then wrote its copy back; a
  // transition out of the agent states landing in between had its removal of the token and URL
  // undone, so they survived into "rescue" (the real agent heartbeats the moment
  // finalize_rescue ends, just as the conductor moves the node on).
  it('a heartbeat racing a transition out of the agent states cannot write the token back', async () => {
    const { uuid, mac } = await nodeIn(api, 'rescuing');
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    const nodes = api.server.store.nodes as unknown as Record<string, (...args: any[]) => Promise<unknown>>;
    const row = await api.server.store.nodes.getByIdent(uuid);
    let fired = false;
    // The conductor's own transition (applyEvent), run at the heartbeat's worst moment: after it
    // has checked the node, as it writes its fields (whichever repository method writes them).
    const saved: Record<string, (...args: any[]) => Promise<unknown>> = {};
    for (const method of ['update', 'updateInternalInfo']) {
      if (typeof nodes[method] !== 'function') continue;
      const real = nodes[method].bind(nodes);
      saved[method] = nodes[method]!;
      nodes[method] = async (id: number, ...rest: unknown[]) => {
        if (id === row.id && !fired) {
          fired = true;
          await applyEvent(api.server.store, await api.server.store.nodes.getById(id), 'done');
        }
        return real(id, ...rest);
      };
    }
    let hb: Reply;
    try {
      hb = await heartbeat(api, uuid, { agent_token: token });
    } finally {
      Object.assign(nodes, saved);
    }
    expect(fired, 'the transition ran inside the heartbeat').to.equal(true);
    expect(hb.status).to.equal(409);
    const stored = await api.server.store.nodes.getByIdent(uuid);
    expect(stored.provision_state).to.equal('rescue');
    expect(stored.driver_internal_info).not.to.have.property('agent_secret_token');
    expect(stored.driver_internal_info).not.to.have.property('agent_url');
    expect((await heartbeat(api, uuid, { agent_token: token })).status, 'the old token is void').to.equal(401);
  });

  it('a transition out of the agent states drops a token issued after the conductor read the node', async () => {
    const { uuid, mac } = await nodeIn(api, 'rescuing');
    const stale = await api.server.store.nodes.getByIdent(uuid); // the conductor's copy: no token yet
    const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
    await applyEvent(api.server.store, stale, 'done');
    expect(await internalInfo(api, uuid)).not.to.have.property('agent_secret_token');
    expect((await heartbeat(api, uuid, { agent_token: token })).status).to.equal(401);
  });

  describe('automatic TLS (agent_verify_ca)', () => {
    const HTTPS = 'https://127.0.0.1:9999';
    const certA = selfSignedCertificate('127.0.0.1').cert;
    const certB = selfSignedCertificate('127.0.0.1').cert;

    it('pins the first certificate of a boot and refuses a heartbeat with another one (400) or over http', async () => {
      const { uuid, mac } = await nodeIn(api, 'wait call-back');
      const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
      const first = await heartbeat(api, uuid, { agent_token: token, callback_url: HTTPS, agent_verify_ca: certA });
      expect(first.status, first.message).to.equal(202);
      expect((await internalInfo(api, uuid)).agent_verify_ca).to.equal(new X509Certificate(certA).toString());
      expect((await internalInfo(api, uuid)).agent_url).to.equal(HTTPS);

      const swapped = await heartbeat(api, uuid, { agent_token: token, callback_url: 'https://127.0.0.1:9998', agent_verify_ca: certB });
      expect(swapped.status).to.equal(400);
      expect(swapped.message).to.contain('different agent_verify_ca');
      const downgraded = await heartbeat(api, uuid, { agent_token: token, callback_url: 'http://127.0.0.1:9998' });
      expect(downgraded.status).to.equal(400);
      expect(downgraded.message).to.contain('must be https');
      const info = await internalInfo(api, uuid);
      expect(info.agent_url, 'nothing recorded from refused heartbeats').to.equal(HTTPS);
      expect(info.agent_verify_ca).to.equal(new X509Certificate(certA).toString());
      expect((await heartbeat(api, uuid, { agent_token: token, callback_url: HTTPS, agent_verify_ca: certA })).status).to.equal(202);
      expect((await heartbeat(api, uuid, { agent_token: token, callback_url: HTTPS })).status, 'the pin stays without the field').to.equal(
        202,
      );
    });

    it('refuses a certificate that is not a PEM X.509 certificate (400)', async () => {
      const { uuid, mac } = await nodeIn(api, 'wait call-back');
      const token = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
      for (const bad of ['not a cert', 42, 'x'.repeat(20_000)]) {
        const r = await heartbeat(api, uuid, { agent_token: token, callback_url: HTTPS, agent_verify_ca: bad });
        expect(r.status, String(bad).slice(0, 20)).to.equal(400);
        expect(r.message).to.contain('agent_verify_ca');
      }
      expect(await internalInfo(api, uuid)).not.to.have.property('agent_verify_ca');
    });

    it('forgets the pin with the boot: a new ramdisk boot pins its own certificate', async () => {
      const { uuid, mac } = await nodeIn(api, 'wait call-back');
      const t1 = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
      expect((await heartbeat(api, uuid, { agent_token: t1, callback_url: HTTPS, agent_verify_ca: certA })).status).to.equal(202);
      const abort = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'abort' }, V);
      expect(abort.status, abort.message).to.equal(202);
      await api.server.conductor.idle();
      expect(await internalInfo(api, uuid)).not.to.have.property('agent_verify_ca');
      const row = await api.server.store.nodes.getByIdent(uuid);
      await applyEvent(api.server.store, row, 'deploy'); // deploy failed → deploying: a new boot
      await api.server.store.nodes.update(row.id, { provision_state: 'wait call-back' });
      const t2 = (await lookup(api, `addresses=${mac}`)).body.config.agent_token;
      expect((await heartbeat(api, uuid, { agent_token: t2, callback_url: HTTPS, agent_verify_ca: certB })).status).to.equal(202);
      expect((await internalInfo(api, uuid)).agent_verify_ca).to.equal(new X509Certificate(certB).toString());
    });
  });
});

describe('agent endpoints with http_basic authentication', function () {
  let api: ApiHarness;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-agent-auth-'));
    const file = path.join(dir, 'htpasswd');
    fs.writeFileSync(file, `admin:${bcrypt.hashSync('adminpw', 5)}\n`);
    api = await startApi({ api: { auth_strategy: 'http_basic', htpasswd_file: file } });
  });
  after(async () => {
    await api?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves lookup and heartbeat without credentials while the rest still needs them', async () => {
    const admin = { Authorization: `Basic ${Buffer.from('admin:adminpw').toString('base64')}` };
    const created = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware' }, { ...V, headers: admin });
    expect(created.status, created.message).to.equal(201);
    const uuid = created.body.uuid as string;
    expect(
      (await api.call('POST', '/v1/ports', { node_uuid: uuid, address: '52:54:00:ab:ee:01' }, { ...V, headers: admin })).status,
    ).to.equal(201);
    const row = await api.server.store.nodes.getByIdent(uuid);
    await api.server.store.nodes.update(row.id, { provision_state: 'inspect wait' });

    const found = await lookup(api, 'addresses=52:54:00:ab:ee:01');
    expect(found.status, found.message).to.equal(200);
    const hb = await heartbeat(api, uuid, { agent_token: found.body.config.agent_token });
    expect(hb.status, hb.message).to.equal(202);
    // Unknown paths and every other endpoint still ask for credentials.
    expect((await api.call('GET', `/v1/nodes/${uuid}`)).status).to.equal(401);
    expect((await api.call('GET', '/v1/nodes')).status).to.equal(401);
    expect((await api.call('GET', '/v1/lookupx')).status).to.equal(401);
    expect((await api.call('GET', `/v1/nodes/${uuid}`, undefined, { headers: admin })).status).to.equal(200);
  });
});

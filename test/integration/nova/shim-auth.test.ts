// Authentication of the Nova shim and os-baremetal-nodes (issue #18 item 6), in front of a real
// `tyr server` with http_basic: callers authenticate as to the core (401 without credentials, 403
// for a reader's writes), and the shim calls the core as its own user. Before, an anonymous POST
// to /os-baremetal-nodes created a node.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { TyrClient } from '../../../client/client.js';
import { startExtension } from '../../../api-extension/server.js';
import { baremetalNodesRouter } from '../../../api-extension/router.js';
import type { AuthSettings } from '../../../core/api/auth.js';
import { ConfigError } from '../../../core/errors.js';
import { SHIM_DEFAULTS, startShim, type RunningShim } from '../../../driver/server.js';
import { runTyr, startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { availableNode, callJson, spawnBody } from '../../helpers/nova-harness.js';

const basic = (user: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });
const COMPUTE = basic('compute', 'c0mpute-pw');
const WATCHER = basic('watcher', 'w4tch-pw');
const LEGACY = {
  cpus: 8,
  memory_mb: 16384,
  local_gb: 200,
  pm_address: '10.0.0.9',
  pm_user: 'admin',
  pm_password: 'hunter2',
  prov_mac_address: '52:54:00:cc:00:01',
};

describe('Nova shim and os-baremetal-nodes: authentication', function () {
  this.timeout(90_000);
  let dir: string;
  let core: TyrProcess;
  let admin: TyrClient;
  let shim: RunningShim;
  let auth: AuthSettings;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-shim-auth-'));
    // The core knows the shim as its own user; the shim knows nova-compute and a reader.
    const coreUsers = path.join(dir, 'core-htpasswd');
    fs.writeFileSync(coreUsers, `nova-shim:${bcrypt.hashSync('sh1m-pw', 4)}\n`);
    const shimUsers = path.join(dir, 'shim-htpasswd');
    fs.writeFileSync(shimUsers, `compute:${bcrypt.hashSync('c0mpute-pw', 4)}\nwatcher:${bcrypt.hashSync('w4tch-pw', 4)}\n`);
    core = await startTyrServer(['--data-dir', path.join(dir, 'data'), '--auth-strategy', 'http_basic'], {
      TYR_LOG_LEVEL: 'warn',
      TYR_API_HTPASSWD_FILE: coreUsers,
    });
    admin = new TyrClient({ url: core.url, username: 'nova-shim', password: 'sh1m-pw' });
    auth = { strategy: 'http_basic', htpasswdFile: shimUsers, readerUsers: 'watcher', failuresPerMinute: 10, realm: 'x' };
    shim = await startShim({
      ...SHIM_DEFAULTS,
      port: 0,
      coreUrl: core.url,
      coreUsername: 'nova-shim',
      corePassword: 'sh1m-pw',
      auth,
      pollIntervalMs: 100,
      actionTimeoutMs: 30_000,
      deployTimeoutMs: 60_000,
      extension: baremetalNodesRouter,
    });
  });
  after(async () => {
    await shim?.stop();
    await core?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 to an anonymous POST /os-baremetal-nodes and creates nothing (it created a node before)', async () => {
    const r = await callJson(shim.url, 'POST', '/os-baremetal-nodes', { node: LEGACY });
    expect(r.status).to.equal(401);
    expect(r.body.unauthorized.message).to.contain('Authentication required');
    expect((await admin.nodes.listPage({})).items).to.have.length(0);
    for (const [method, p] of [
      ['GET', '/nodes'],
      ['GET', '/instances'],
      ['PUT', `/instances/${randomUUID()}`],
      ['POST', '/init_host'],
    ] as const) {
      const res = await callJson(shim.url, method, p, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${p}`).to.equal(401);
      expect(res.body.error.type).to.equal('NotAuthorized');
    }
    expect((await callJson(shim.url, 'GET', '/nodes', undefined, basic('compute', 'wrong'))).status).to.equal(401);
    expect((await callJson(shim.url, 'GET', '/openapi.json')).status, 'the static OpenAPI document stays public').to.equal(200);
  });

  it("lets nova-compute's user write, through the core as the shim's own user", async () => {
    const r = await callJson(shim.url, 'POST', '/os-baremetal-nodes', { node: LEGACY }, COMPUTE);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect((await admin.nodes.get(r.body.node.id)).driver).to.equal('ipmi');
    expect((await callJson(shim.url, 'GET', '/nodes', undefined, COMPUTE)).status).to.equal(200);
  });

  it('gives a reader 403 for every write, and no console switched on by a GET', async () => {
    expect((await callJson(shim.url, 'GET', '/os-baremetal-nodes', undefined, WATCHER)).status).to.equal(200);
    expect((await callJson(shim.url, 'GET', '/nodes', undefined, WATCHER)).status).to.equal(200);
    const before = (await admin.nodes.listPage({})).items.length;
    let r = await callJson(
      shim.url,
      'POST',
      '/os-baremetal-nodes',
      { node: { ...LEGACY, prov_mac_address: '52:54:00:cc:00:02' } },
      WATCHER,
    );
    expect(r.status).to.equal(403);
    expect(r.body.forbidden.message).to.contain('reader role');
    r = await callJson(shim.url, 'PUT', `/instances/${randomUUID()}`, {}, WATCHER);
    expect(r.status).to.equal(403);
    expect(r.body.error.type).to.equal('Forbidden');
    expect((await admin.nodes.listPage({})).items.length).to.equal(before);

    const node = await availableNode(admin, 'auth-console');
    const instance = randomUUID();
    const spawned = await callJson(shim.url, 'PUT', `/instances/${instance}`, spawnBody(node.uuid, { network_info: [] }), COMPUTE);
    expect(spawned.status, JSON.stringify(spawned.body)).to.equal(201);
    r = await callJson(shim.url, 'GET', `/instances/${instance}/console/serial`, undefined, WATCHER);
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('needs an admin');
    expect((await admin.nodes.getConsole(node.uuid)).console_enabled).to.equal(false);
  });

  it('serves os-baremetal-nodes alone behind the same authentication', async () => {
    const ext = await startExtension({
      host: '127.0.0.1',
      port: 0,
      coreUrl: core.url,
      coreUsername: 'nova-shim',
      corePassword: 'sh1m-pw',
      auth,
    });
    try {
      const r = await callJson(ext.url, 'POST', '/os-baremetal-nodes', { node: { ...LEGACY, prov_mac_address: '52:54:00:cc:00:03' } });
      expect(r.status).to.equal(401);
      expect((await callJson(ext.url, 'GET', '/os-baremetal-nodes', undefined, WATCHER)).status).to.equal(200);
      expect((await callJson(ext.url, 'DELETE', `/os-baremetal-nodes/${randomUUID()}`, undefined, WATCHER)).status).to.equal(403);
    } finally {
      await ext.stop();
    }
  });

  it('refuses noauth beyond loopback at start-up, in code and on the command line', async () => {
    const base = { ...SHIM_DEFAULTS, host: '0.0.0.0', port: 0, coreUrl: core.url };
    await startShim(base).then(
      () => expect.fail('started'),
      (err) => expect(err).to.be.instanceOf(ConfigError),
    );
    await startExtension(base).then(
      () => expect.fail('started'),
      (err) => expect(err).to.be.instanceOf(ConfigError),
    );
    const r = await runTyr(['nova-shim', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^tyr nova-shim: The Nova shim would listen on 0\.0\.0\.0 with --auth-strategy noauth/);
    const missing = await runTyr(['nova-extension', '--auth-strategy', 'http_basic', '--port', '0']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr.trim()).to.equal(
      'tyr nova-extension: --htpasswd-file (TYR_NOVA_HTPASSWD_FILE) must be set with --auth-strategy http_basic',
    );
  });
});

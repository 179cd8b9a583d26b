// http_basic authentication against a real htpasswd file (bcrypt hashes made with bcryptjs, the
// same format `htpasswd -B` writes), the reader role, and the noauth warning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { captureLogger } from '../../helpers/capture-log.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { loadConfig } from '../../../core/config-load.js';
import { apiAuth } from '../../../core/api/auth.js';
import { ConfigError } from '../../../core/errors.js';

const basic = (user: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });

describe('API: authentication', function () {
  let api: ApiHarness;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-auth-'));
    const file = path.join(dir, 'htpasswd');
    // htpasswd -B writes $2y$ hashes; check that flavour too.
    fs.writeFileSync(file, `admin:${bcrypt.hashSync('adminpw', 10).replace(/^\$2b\$/, '$2y$')}\nviewer:${bcrypt.hashSync('viewpw', 5)}\n`);
    api = await startApi({ api: { auth_strategy: 'http_basic', htpasswd_file: file, reader_users: 'viewer' } });
  });
  after(async () => {
    await api?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 with WWW-Authenticate without or with wrong credentials', async () => {
    const none = await api.call('GET', '/v1/nodes');
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.match(/^Basic realm=/);
    expect(none.message).to.include('Authentication required');
    const wrong = await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', 'nope') });
    expect(wrong.status).to.equal(401);
    expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('ghost', 'adminpw') })).status).to.equal(401);
  });

  it('keeps the version documents public', async () => {
    expect((await api.call('GET', '/')).status).to.equal(200);
    expect((await api.call('GET', '/v1/')).status).to.equal(200);
  });

  it('lets an admin do everything, a reader only GET (403 otherwise)', async () => {
    const created = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware' }, { headers: basic('admin', 'adminpw') });
    expect(created.status).to.equal(201);
    expect((await api.call('GET', `/v1/nodes/${created.body.uuid}`, undefined, { headers: basic('viewer', 'viewpw') })).status).to.equal(
      200,
    );
    const denied = await api.call('DELETE', `/v1/nodes/${created.body.uuid}`, undefined, { headers: basic('viewer', 'viewpw') });
    expect(denied.status).to.equal(403);
    expect(denied.message).to.include('reader role');
  });

  it('caches verified credentials so repeated calls skip bcrypt', async () => {
    const hash = bcrypt.hashSync('x', 10);
    const c0 = performance.now();
    await bcrypt.compare('x', hash);
    const oneCheck = performance.now() - c0;
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', 'adminpw') });
    // Uncached, 20 requests would cost 20 bcrypt checks at cost 10; cached, barely one.
    expect(performance.now() - t0).to.be.below(oneCheck * 10);
  });

  it('refuses an htpasswd file without bcrypt hashes at start-up', () => {
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, 'admin:{SHA}abc\n');
    const config = loadConfig({ env: {}, overrides: { api: { auth_strategy: 'http_basic', htpasswd_file: file } } });
    expect(() => apiAuth(config, silentLog())).to.throw(ConfigError, /bcrypt/);
  });

  it('warns loudly when noauth listens beyond loopback', () => {
    const { log, lines } = captureLogger();
    apiAuth(loadConfig({ env: {}, overrides: { api: { host: '0.0.0.0' } } }), log);
    apiAuth(loadConfig({ env: {}, overrides: { api: { host: '127.0.0.1' } } }), log);
    const warnings = lines().filter((l) => l.level === 40);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]!.msg)).to.include('auth_strategy=noauth');
  });
});

function silentLog() {
  return captureLogger().log;
}

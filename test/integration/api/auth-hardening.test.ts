// http_basic against guessing (issue #18 item 10): an unknown user costs the same bcrypt work as
// a wrong password (no username oracle), failed logins are throttled per source with 429 and
// Retry-After, and credentials are checked before the body is read. Each test failed before:
// unknown users skipped bcrypt, nothing throttled, and express.json ran before authentication.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const basic = (user: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });

function htpasswd(dir: string, cost: number): string {
  const file = path.join(dir, 'htpasswd');
  fs.writeFileSync(file, `admin:${bcrypt.hashSync('adminpw', cost)}\nviewer:${bcrypt.hashSync('viewpw', cost)}\n`);
  return file;
}

async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

describe('API: authentication against guessing', function () {
  this.timeout(60_000);
  let dir: string;
  const apis: ApiHarness[] = [];
  const start = async (failuresPerMinute: number, cost = 4) => {
    const api = await startApi({
      api: {
        auth_strategy: 'http_basic',
        htpasswd_file: htpasswd(dir, cost),
        reader_users: 'viewer',
        login_failures_per_minute: failuresPerMinute,
      },
    });
    apis.push(api);
    return api;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-auth-guess-'));
  });
  after(async () => {
    for (const api of apis) await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs bcrypt for an unknown user too: it is not answered ≥10× faster than a wrong password', async () => {
    const api = await start(1000, 10);
    const unknown = await median(7, async () =>
      expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('ghost', 'x') })).status).to.equal(401),
    );
    const wrong = await median(7, async () =>
      expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', 'x') })).status).to.equal(401),
    );
    expect(unknown * 10, `unknown user ${unknown.toFixed(1)} ms, wrong password ${wrong.toFixed(1)} ms`).to.be.above(wrong);
  });

  it('answers 429 with Retry-After once a source used up its failed logins, before checking the password', async () => {
    const api = await start(3);
    // Verified (and cached) before the guessing: such a client keeps working.
    expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('viewer', 'viewpw') })).status).to.equal(200);
    for (let i = 0; i < 3; i++)
      expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', `guess${i}`) })).status).to.equal(401);
    const limited = await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', 'guess3') });
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(limited.message).to.match(/Too many failed logins.*try again in \d+ s/);
    // Even the right password is not checked from this source until the minute has passed.
    expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('admin', 'adminpw') })).status).to.equal(429);
    expect((await api.call('GET', '/v1/nodes', undefined, { headers: basic('viewer', 'viewpw') })).status).to.equal(200);
    // Requests without credentials cost no bcrypt and are not counted: still 401, not 429.
    expect((await api.call('GET', '/v1/nodes')).status).to.equal(401);
  });

  it('refuses an anonymous 1 MB body with 401 without parsing it (it is not even JSON)', async () => {
    const api = await start(1000);
    const junk = `{${'x'.repeat(1024 * 1024)}`;
    let r = await api.call('POST', '/v1/nodes', undefined, { raw: junk });
    expect(r.status, r.message).to.equal(401);
    r = await api.call('POST', '/v1/nodes', undefined, { raw: junk + junk }); // over the 1 MB limit: 413 if it were read
    expect(r.status, r.message).to.equal(401);
    r = await api.call('POST', '/v1/nodes', undefined, { raw: junk, headers: basic('viewer', 'viewpw') });
    expect(r.status, r.message).to.equal(403);
    // An admin's body is parsed as before.
    r = await api.call('POST', '/v1/nodes', undefined, { raw: '{"driver":', headers: basic('admin', 'adminpw') });
    expect(r.status).to.equal(400);
    expect(r.message).to.include('not valid JSON');
  });

  it("still parses the public agent routes' bodies without credentials", async () => {
    const api = await start(1000);
    const r = await api.call('POST', '/v1/heartbeat/no-such-node', { callback_url: 'http://10.0.0.1:9999' }, { version: '1.82' });
    expect(r.status, r.message).to.equal(404);
    const bad = await api.call('POST', '/v1/heartbeat/no-such-node', undefined, { raw: '{"callback_url":', version: '1.82' });
    expect(bad.status).to.equal(400);
  });
});

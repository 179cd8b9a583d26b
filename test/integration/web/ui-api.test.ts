// The console's API through a real Tyr behind http_basic: the session (admin and reader), the
// 401 without a browser challenge for the console, the node search and its 400s, the summary.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_VERSION_STRING } from '../../../core/api/microversion.js';
import type { FleetSummary, NodeSearchPage, UiSession } from '../../../protocol/web-ui.js';
import { UI_REQUEST_HEADER } from '../../../protocol/web-ui.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { seedWebFleet, type WebFleet } from '../../helpers/web-fleet.js';
import { httpBasicSettings } from '../../helpers/http-basic-users.js';

const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const ADMIN = basic('admin', 'adm1n-pw');
const READER = basic('viewer', 'v1ew-pw');

describe('console API (/ui/api)', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let dir: string;
  let fleet: WebFleet;
  const get = (p: string, headers: Record<string, string> = ADMIN) => api.call('GET', p, undefined, { headers });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ui-api-'));
    api = await startApi({
      api: httpBasicSettings(dir, { admin: { user: 'admin', password: 'adm1n-pw' }, reader: { user: 'viewer', password: 'v1ew-pw' } }),
    });
    fleet = await seedWebFleet(api.server.store);
  });
  after(async () => {
    await api?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells the browser who it is: user, role, auth strategy and the newest microversion', async () => {
    const admin = await get('/ui/api/session');
    expect(admin.status).to.equal(200);
    expect(admin.body as UiSession).to.deep.equal({
      user: 'admin',
      role: 'admin',
      auth_strategy: 'http_basic',
      max_version: MAX_VERSION_STRING,
    });
    const reader = await get('/ui/api/session', READER);
    expect(reader.body as UiSession).to.deep.equal({
      user: 'viewer',
      role: 'reader',
      auth_strategy: 'http_basic',
      max_version: MAX_VERSION_STRING,
    });
  });

  it('answers the console 401 without a challenge (no browser prompt), others with one', async () => {
    const console = await get('/ui/api/session', { [UI_REQUEST_HEADER]: '1' });
    expect(console.status).to.equal(401);
    expect(console.headers.get('www-authenticate')).to.equal(null);
    const wrong = await get('/ui/api/session', { [UI_REQUEST_HEADER]: '1', ...basic('admin', 'nope') });
    expect(wrong.status).to.equal(401);
    expect(wrong.headers.get('www-authenticate')).to.equal(null);
    const plain = await get('/ui/api/session', {});
    expect(plain.status).to.equal(401);
    expect(plain.headers.get('www-authenticate')).to.match(/^Basic realm=/);
  });

  it('searches nodes with filters, traits, q, sorting and paging, with the total', async () => {
    const page = (await get('/ui/api/nodes?provision_state=available&trait=CUSTOM_GPU&trait=CUSTOM_NVME')).body as NodeSearchPage;
    expect(page).to.deep.include({ total: 1, offset: 0, limit: 50 });
    expect(page.nodes.map((n) => n.uuid)).to.deep.equal([fleet.a1.uuid]);
    expect(page.nodes[0]).to.include({
      name: 'web-a1',
      power_state: 'power on',
      resource_class: 'gpu',
      owner: 'team-a',
      maintenance: false,
    });
    expect(page.nodes[0]).to.not.have.property('driver_info');

    const byMac = (await get('/ui/api/nodes?q=525400AABB02')).body as NodeSearchPage;
    expect(byMac.nodes.map((n) => n.name)).to.deep.equal(['web-a2']);
    const sorted = (await get('/ui/api/nodes?sort=name&dir=desc&limit=2&offset=1&maintenance=false')).body as NodeSearchPage;
    expect(sorted).to.deep.include({ total: 5, offset: 1, limit: 2 });
    expect(sorted.nodes.map((n) => n.name)).to.deep.equal(['web-a1', 'fail-1']);
    // Readers may search.
    expect((await get('/ui/api/nodes?limit=500', READER)).body.total).to.equal(7);
  });

  it('refuses bad search input with a 400 naming the parameter and what it accepts', async () => {
    const cases: [string, RegExp][] = [
      ['sort=bogus', /"sort" parameter must be one of name, uuid, provision_state, .*provision_updated_at, not "bogus"/],
      ['dir=up', /"dir" parameter must be one of asc, desc/],
      ['limit=0', /"limit" parameter must be an integer from 1 to 500, not "0"/],
      ['limit=501', /"limit" parameter must be an integer from 1 to 500, not "501"/],
      ['limit=ten', /"limit" parameter must be an integer from 1 to 500/],
      ['offset=-1', /"offset" parameter must be an integer of at least 0, not "-1"/],
      ['maintenance=maybe', /"maintenance" parameter must be true or false, not "maybe"/],
      ['colour=red', /Unknown parameter "colour"; GET \/ui\/api\/nodes accepts provision_state, .*offset/],
      ['limit=1&limit=2', /"limit" parameter may be given only once/],
      ['trait=', /"trait" parameter must name a trait/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/ui/api/nodes?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.message, query).to.match(message);
    }
  });

  it('summarises the fleet for the overview', async () => {
    const s = (await get('/ui/api/summary', READER)).body as FleetSummary;
    expect(s.total).to.equal(7);
    expect(s.by_provision_state.available).to.equal(2);
    expect(s.attention_total).to.equal(3);
    expect(s.attention.map((a) => a.node.name).sort()).to.deep.equal(['bmc-dead', 'fail-1', 'web-b1']);
    expect(s.discovered.map((n) => n.uuid)).to.deep.equal([fleet.discovered.uuid]);
    expect(s.deploys.map((n) => n.name)).to.deep.equal(['deploy-1']);
    expect(s.deploys[0]!.deploy_progress).to.deep.equal({ bytes_written: 1_048_576, total_bytes: 4_194_304, mb_per_s: 12.5 });
  });
});

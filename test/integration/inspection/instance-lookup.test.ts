// Node ↔ instance look-ups: GET /v1/nodes/{instance name} (instance_info.display_name, GET only),
// GET /v1/nodes?instance_uuid=, and `tyr node find --instance <uuid|name>` (the real CLI process
// against the in-process Tyr).
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { ok, startTyr, type CliHarness } from '../cli/harness.js';

const INSTANCE = '0c7f1e8a-5d55-4b4e-9a53-2a9a3c1f0b11';

describe('node ↔ instance look-ups (API and tyr node find)', function () {
  this.timeout(60_000);
  let h: CliHarness;
  let client: TyrClient;
  let uuid: string;
  const get = (p: string, init: RequestInit = {}) => fetch(`${h.url}${p}`, { ...init, headers: { 'X-OpenStack-Ironic-API-Version': 'latest', 'Content-Type': 'application/json' } });

  before(async () => {
    h = await startTyr();
    client = new TyrClient({ url: h.url, apiVersion: 'latest' });
    const node = await client.nodes.create({ driver: 'fake-hardware', name: 'rack1-u07' });
    uuid = node.uuid as string;
    await client.nodes.patch(uuid, [
      { op: 'add', path: '/instance_uuid', value: INSTANCE },
      { op: 'add', path: '/instance_info/display_name', value: 'web-01' },
    ]);
  });
  after(async () => { await h?.stop(); });

  it('GET /v1/nodes/{instance name} answers the node running it; other methods do not resolve instance names', async () => {
    const res = await get('/v1/nodes/web-01');
    expect(res.status).to.equal(200);
    const body = await res.json() as Record<string, any>;
    expect(body.uuid).to.equal(uuid);
    expect(body.instance_uuid).to.equal(INSTANCE);
    expect((await get('/v1/nodes/web-02')).status).to.equal(404);
    const patch = await get('/v1/nodes/web-01', { method: 'PATCH', body: JSON.stringify([{ op: 'add', path: '/extra/x', value: 1 }]) });
    expect(patch.status).to.equal(404);
    // A node's own name still wins.
    expect(((await (await get('/v1/nodes/rack1-u07')).json()) as Record<string, any>).uuid).to.equal(uuid);
  });

  it('two nodes with one instance name: 409 naming both', async () => {
    const other = await client.nodes.create({ driver: 'fake-hardware', instance_info: { display_name: 'dup' } });
    await client.nodes.patch(uuid, [{ op: 'add', path: '/instance_info/display_name', value: 'dup' }]);
    const res = await get('/v1/nodes/dup');
    expect(res.status).to.equal(409);
    expect(JSON.stringify(await res.json())).to.contain(other.uuid as string);
    await client.nodes.patch(uuid, [{ op: 'add', path: '/instance_info/display_name', value: 'web-01' }]);
  });

  it('tyr node find --instance finds the node by instance name and by instance UUID', async () => {
    for (const key of ['web-01', INSTANCE.toUpperCase()]) {
      const out = JSON.parse(ok(await h.tyr('node', 'find', '--instance', key, '-f', 'json')));
      expect(out).to.include({ uuid, name: 'rack1-u07', instance_uuid: INSTANCE, instance_name: 'web-01' });
    }
    const missing = await h.tyr('node', 'find', '--instance', 'nope');
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/no node runs an instance "nope"/);
    // The node's own name is not an instance name.
    expect((await h.tyr('node', 'find', '--instance', 'rack1-u07')).code).to.equal(1);
  });
});

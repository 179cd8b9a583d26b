// Node ↔ instance look-ups: GET /v1/nodes?instance_name= (Tyr's filter on
// instance_info.display_name; GET /v1/nodes/{ident} takes only UUIDs and node names, as Ironic),
// GET /v1/nodes?instance_uuid=, and `tyr node find --instance <uuid|name>` (the real CLI process
// against the in-process Tyr).
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { apiError } from '../../helpers/api-error.js';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';

const INSTANCE = '0c7f1e8a-5d55-4b4e-9a53-2a9a3c1f0b11';

describe('node ↔ instance look-ups (API and tyr node find)', function () {
  this.timeout(60_000);
  let h: CliHarness;
  let client: TyrClient;
  let uuid: string;
  const uuidsOf = async (instance_name: string) => {
    const found: string[] = [];
    for await (const n of client.nodes.list({ instance_name })) found.push(n.uuid);
    return found;
  };

  before(async () => {
    h = await startTyr();
    client = new TyrClient({ url: h.url, apiVersion: 'latest' });
    const node = await client.nodes.create({ driver: 'fake-hardware', name: 'rack1-u07' });
    uuid = node.uuid;
    await client.nodes.patch(uuid, [
      { op: 'add', path: '/instance_uuid', value: INSTANCE },
      { op: 'add', path: '/instance_info/display_name', value: 'web-01' },
    ]);
  });
  after(async () => {
    await h?.stop();
  });

  it('GET /v1/nodes?instance_name= lists the node running it; GET /v1/nodes/{instance name} is 404 as in Ironic', async () => {
    expect(await uuidsOf('web-01')).to.deep.equal([uuid]);
    expect(await uuidsOf('web-02')).to.deep.equal([]);
    expect((await apiError(client.nodes.get('web-01'))).status).to.equal(404);
    // The node's own name still identifies it.
    expect((await client.nodes.get('rack1-u07')).uuid).to.equal(uuid);
  });

  it('two nodes with one instance name: tyr node find names both and asks for the UUID', async () => {
    const other = await client.nodes.create({ driver: 'fake-hardware', instance_info: { display_name: 'dup' } });
    await client.nodes.patch(uuid, [{ op: 'add', path: '/instance_info/display_name', value: 'dup' }]);
    const both = await h.tyr('node', 'find', '--instance', 'dup');
    expect(both.code).to.equal(1);
    expect(both.stderr).to.contain(other.uuid).and.contain(uuid);
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

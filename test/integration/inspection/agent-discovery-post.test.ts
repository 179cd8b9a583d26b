// Tyr's agent posts its discovery inventory in Ironic's shape (agent/discovery.ts postInventory):
// inventory, plugin data beside it, node_uuid in the query. Real parts: the agent's own posting
// code against the in-process Tyr (API, conductor, SQLite); the inventory is the shared fixture,
// since collecting one needs a machine (test/e2e/discovery.test.ts runs the whole agent).
import { expect } from 'chai';
import { postInventory } from '../../../agent/discovery.js';
import type { Inventory } from '../../../protocol/agent-wire.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { inventory } from '../../helpers/inventory-fixture.js';

describe("the agent's discovery post, in Ironic's shape", function () {
  this.timeout(60_000);
  let api: ApiHarness;

  before(async () => {
    api = await startApi({ discovery: { enabled: true, default_driver: 'fake-hardware' } });
  });
  after(async () => {
    await api?.stop();
  });

  it('enrols the machine; its PCI devices and marks are plugin data, as Ironic keeps them', async () => {
    const answer = await postInventory(api.url, inventory({ mac: '52:54:00:d7:00:01' }) as Inventory, null);
    if ('refused' in answer) throw new Error(answer.refused);
    expect(answer.next).to.equal('poweroff');
    const stored = await api.call('GET', `/v1/nodes/${answer.uuid}/inventory`, undefined, { version: 'latest' });
    expect(stored.body.inventory).not.to.have.property('pci_devices');
    expect(stored.body.plugin_data).to.include({ agent: 'tyr', mode: 'discovery' });
    expect(stored.body.plugin_data.pci_devices.map((d: { vendor_id: string }) => d.vendor_id)).to.deep.equal(['8086', '1af4']);
  });

  it("sends node_uuid in the query, where Ironic reads it: a UUID that disagrees with the machine's MACs is refused", async () => {
    const answer = await postInventory(
      api.url,
      inventory({ mac: '52:54:00:d7:00:01' }) as Inventory,
      '0b6e0f5c-50a4-4b7e-9f8e-1c4b0a0e7d11',
    );
    expect(answer)
      .to.have.property('refused')
      .that.matches(/HTTP 404/);
  });
});

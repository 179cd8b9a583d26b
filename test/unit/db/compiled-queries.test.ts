// Look-ups compiled once per shape are run again with each call's own parameters: the second
// look-up must find its own row, never the first call's.
import { expect } from 'chai';
import type { Store } from '../../../core/db/store.js';
import { freshStore } from '../../helpers/databases.js';

describe('queries compiled once per shape', () => {
  let store: Store;
  before(async () => {
    store = await freshStore('sqlite');
  });
  after(async () => {
    await store.close();
  });

  it('finds each node by UUID, name and id with its own parameters', async () => {
    const a = await store.nodes.create({ driver: 'fake-hardware', name: 'compiled-a' });
    const b = await store.nodes.create({ driver: 'fake-hardware', name: 'compiled-b' });
    expect((await store.nodes.findByUuid(a.uuid))?.name).to.equal('compiled-a');
    expect((await store.nodes.findByUuid(b.uuid))?.name).to.equal('compiled-b');
    expect((await store.nodes.findByName('compiled-b'))?.uuid).to.equal(b.uuid);
    expect((await store.nodes.findById(a.id))?.uuid).to.equal(a.uuid);
    expect(await store.nodes.findByUuid('00000000-0000-4000-8000-000000000000')).to.equal(undefined);
  });

  it("lists the traits of each set of nodes, not the first call's", async () => {
    const a = await store.nodes.create({ driver: 'fake-hardware' });
    const b = await store.nodes.create({ driver: 'fake-hardware' });
    await store.traits.replace(a.id, ['CUSTOM_A']);
    await store.traits.replace(b.id, ['CUSTOM_B2', 'CUSTOM_B1']);
    expect([...(await store.traits.listForNodes([a.id])).entries()]).to.deep.equal([[a.id, ['CUSTOM_A']]]);
    expect([...(await store.traits.listForNodes([b.id])).entries()]).to.deep.equal([[b.id, ['CUSTOM_B1', 'CUSTOM_B2']]]);
    const both = await store.traits.listForNodes([b.id, a.id]);
    expect(both.get(a.id)).to.deep.equal(['CUSTOM_A']);
    expect(both.get(b.id)).to.deep.equal(['CUSTOM_B1', 'CUSTOM_B2']);
  });
});

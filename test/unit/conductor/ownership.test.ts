// ownershipCheck(): without a ring (the all-in-one server) a conductor owns every node; with one, exactly
// the nodes whose ring owner is its host. Real RingView over a real SQLite database.
import { expect } from 'chai';
import { ownershipCheck, type ConductorContext } from '../../../core/conductor/context.js';
import { RingView } from '../../../core/conductor/ring/ring-view.js';
import { harness, type Harness } from './helpers.js';

describe('conductor: node ownership', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('owns every node without a ring, and with one only those the ring gives its host', async () => {
    h = await harness({ host: 'cond-a' });
    const nodes = [];
    for (let i = 0; i < 20; i++) nodes.push(await h.createNode());
    const withoutRing = await ownershipCheck(h.conductor.ctx);
    for (const n of nodes) expect(withoutRing(n)).to.equal(true);

    await h.store.conductors.register('cond-a', '', ['fake-hardware']);
    await h.store.conductors.register('cond-b', '', ['fake-hardware']);
    const ring = new RingView(h.store, h.config);
    const asA: ConductorContext = { ...h.conductor.ctx, ring };
    const asB: ConductorContext = { ...h.conductor.ctx, host: 'cond-b', ring };
    const [ownsA, ownsB] = [await ownershipCheck(asA), await ownershipCheck(asB)];
    const mine = [];
    for (const n of nodes) {
      const [a, b] = [ownsA(n), ownsB(n)];
      expect(a, n.uuid).to.not.equal(b); // exactly one of the two
      if (a) mine.push(n);
    }
    expect(mine.length).to.be.greaterThan(0).and.lessThan(nodes.length);
    // A hardware type no live conductor serves: nobody owns the node.
    expect(ownsA({ ...nodes[0]!, driver: 'ipmi' })).to.equal(false);
  });
});

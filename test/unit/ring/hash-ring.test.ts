import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { HashRing, type RingMember } from '../../../core/conductor/ring/hash-ring.js';

const member = (hostname: string, hardware_types = ['fake-hardware', 'ipmi'], conductor_group = ''): RingMember => ({
  hostname,
  conductor_group,
  hardware_types,
});
const nodes = Array.from({ length: 3000 }, () => ({ uuid: randomUUID(), driver: 'fake-hardware', conductor_group: '' }));

function assignment(ring: HashRing): Map<string, string | null> {
  return new Map(nodes.map((n) => [n.uuid, ring.owner(n)]));
}

describe('HashRing', () => {
  it('spreads nodes over every conductor, roughly evenly', () => {
    const counts = new Map<string, number>();
    const ring = new HashRing(['c1', 'c2', 'c3'].map((h) => member(h)));
    for (const owner of assignment(ring).values()) counts.set(owner!, (counts.get(owner!) ?? 0) + 1);
    expect([...counts.keys()].sort()).to.deep.equal(['c1', 'c2', 'c3']);
    // 32 points each: every share within a factor of two of the fair 1000.
    for (const n of counts.values()) expect(n).to.be.within(500, 1500);
  });

  it('moves only about 1/N of the nodes when a conductor joins, all of them to the new one', () => {
    const before = assignment(new HashRing(['c1', 'c2', 'c3'].map((h) => member(h))));
    const after = assignment(new HashRing(['c1', 'c2', 'c3', 'c4'].map((h) => member(h))));
    let moved = 0;
    for (const [uuid, owner] of after) {
      if (owner === before.get(uuid)) continue;
      moved++;
      expect(owner, 'a node may only move to the conductor that joined').to.equal('c4');
    }
    // The fair share is 1/4 (750 of 3000); allow the spread of 32 points per conductor.
    expect(moved).to.be.within(400, 1100);
  });

  it("moves only the dead conductor's nodes when one leaves", () => {
    const before = assignment(new HashRing(['c1', 'c2', 'c3'].map((h) => member(h))));
    const after = assignment(new HashRing(['c1', 'c3'].map((h) => member(h))));
    for (const [uuid, owner] of before) {
      if (owner !== 'c2') expect(after.get(uuid)).to.equal(owner);
      else expect(after.get(uuid)).to.be.oneOf(['c1', 'c3']);
    }
  });

  it('does not depend on the order the members were read in', () => {
    const a = assignment(new HashRing(['c1', 'c2', 'c3', 'c4'].map((h) => member(h))));
    const b = assignment(new HashRing(['c4', 'c2', 'c1', 'c3'].map((h) => member(h))));
    expect([...b]).to.deep.equal([...a]);
  });

  it('computes the same owners in another process', () => {
    const sample = nodes.slice(0, 200);
    const script = `
      import { HashRing } from ${JSON.stringify(new URL('../../../core/conductor/ring/hash-ring.ts', import.meta.url).pathname)};
      const ring = new HashRing(['c3', 'c1', 'c2'].map((hostname) => ({ hostname, conductor_group: '', hardware_types: ['fake-hardware'] })));
      const nodes = JSON.parse(process.argv[1]);
      process.stdout.write(JSON.stringify(nodes.map((n) => ring.owner(n))));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(sample)], {
      encoding: 'utf8',
    });
    const here = new HashRing(['c1', 'c2', 'c3'].map((h) => member(h)));
    expect(JSON.parse(out)).to.deep.equal(sample.map((n) => here.owner(n)));
  });

  it('gives a node only to conductors of its group that support its hardware type', () => {
    const ring = new HashRing([
      member('ipmi-only', ['ipmi']),
      member('rack2', ['fake-hardware'], 'rack2'),
      member('fake-only', ['fake-hardware']),
    ]);
    for (const n of nodes.slice(0, 100)) {
      expect(ring.owner(n)).to.equal('fake-only');
      expect(ring.owner({ ...n, conductor_group: 'rack2' })).to.equal('rack2');
      expect(ring.owner({ ...n, driver: 'ipmi' })).to.equal('ipmi-only');
    }
  });

  it('answers null when no live conductor serves the group and type', () => {
    const ring = new HashRing([member('c1', ['ipmi'])]);
    expect(ring.owner({ uuid: randomUUID(), driver: 'fake-hardware', conductor_group: '' })).to.equal(null);
    expect(new HashRing([]).owner({ uuid: randomUUID(), driver: 'ipmi', conductor_group: '' })).to.equal(null);
  });

  it('takes the configured number of points per conductor', () => {
    // With one point each, two conductors split the ring at two places only; with 256 each the split is near even.
    const fine = assignment(
      new HashRing(
        ['c1', 'c2'].map((h) => member(h)),
        256,
      ),
    );
    const share = [...fine.values()].filter((o) => o === 'c1').length / nodes.length;
    expect(share).to.be.within(0.4, 0.6);
  });
});

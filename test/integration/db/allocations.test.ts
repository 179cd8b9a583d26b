// The allocation repository and the candidate search on real SQLite and PostgreSQL: binding is
// atomic (one node never goes to two allocations), deleting releases the node.
import { expect } from 'chai';
import type { Node } from '../../../core/db/types.js';
import { Conflict } from '../../../core/errors.js';
import { forEachDialect } from '../../helpers/databases.js';

forEachDialect('allocation repository', (ctx) => {
  let seq = 0;
  const HOST = 'cond-1';
  const node = (extra: Partial<Node> = {}) =>
    ctx.store.nodes.create({
      driver: 'fake-hardware',
      name: `n${++seq}`,
      resource_class: 'gold',
      provision_state: 'available',
      power_state: 'power off',
      ...extra,
    });
  const filter = (extra = {}) => ({ resource_class: 'gold', traits: [] as string[], uuids: [] as string[], project: null, ...extra });
  /** Locks the node as the conductor would before binding it. */
  const locked = async (n: Node) => {
    await ctx.store.nodes.reserve(n.id, HOST);
    return ctx.store.nodes.getById(n.id);
  };

  it('creates with Ironic defaults, refuses a duplicate name (409), filters lists', async () => {
    const a = await ctx.store.allocations.create({ resource_class: 'gold', name: 'a1' });
    expect(a).to.include({ state: 'allocating', node_id: null, backfilled: false, last_error: null });
    expect(a.traits).to.deep.equal([]);
    expect(a.candidate_nodes).to.deep.equal([]);
    expect(a.extra).to.deep.equal({});
    const dup = await ctx.store.allocations.create({ resource_class: 'gold', name: 'a1' }).catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(Conflict);
    await ctx.store.allocations.create({ resource_class: 'silver', owner: 'p' });
    expect((await ctx.store.allocations.list({ resource_class: 'silver' }, { limit: 10 })).map((x) => x.owner)).to.deep.equal(['p']);
    expect((await ctx.store.allocations.getByIdent('a1')).uuid).to.equal(a.uuid);
  });

  it('finds candidates with indexed filters: state, power, maintenance, instance, class, traits, owner/lessee, list, preferred name', async () => {
    const good = await node({ owner: 'p1' });
    await ctx.store.traits.replace(good.id, ['CUSTOM_A', 'CUSTOM_B']);
    const leased = await node({ lessee: 'p1' });
    await ctx.store.traits.replace(leased.id, ['CUSTOM_A']);
    await node({ maintenance: true });
    await node({ power_state: null });
    await node({ provision_state: 'manageable' });
    await node({ instance_uuid: '11111111-2222-3333-4444-555555555555' });
    await node({ resource_class: 'silver' });
    await node({ retired: true });
    const ids = async (f: ReturnType<typeof filter>, preferName?: string) =>
      (await ctx.store.nodes.allocationCandidates(f, 50, preferName)).map((n) => n.id);
    expect((await ids(filter())).sort()).to.deep.equal([good.id, leased.id]);
    expect(await ids(filter({ traits: ['CUSTOM_A', 'CUSTOM_B'] }))).to.deep.equal([good.id]);
    expect((await ids(filter({ project: 'p1' }))).sort()).to.deep.equal([good.id, leased.id]);
    expect(await ids(filter({ project: 'p2' }))).to.deep.equal([]);
    expect(await ids(filter({ uuids: [leased.uuid] }))).to.deep.equal([leased.id]);
    expect((await ids(filter(), leased.name!))[0]).to.equal(leased.id);
    expect(await ctx.store.nodes.allocationCandidates(filter(), 1)).to.have.length(1);
    const named = await ctx.store.nodes.uuidsByIdent([good.name!, leased.uuid.toUpperCase(), 'ghost']);
    expect([...named.entries()]).to.deep.equal([
      [good.name, good.uuid],
      [leased.uuid.toUpperCase(), leased.uuid],
    ]);
  });

  it('binds a locked node in one transaction and deleting the allocation releases it', async () => {
    const n = await node({ instance_info: { image_source: 'x' } });
    const a = await ctx.store.allocations.create({ resource_class: 'gold', traits: ['CUSTOM_A'] });
    // Without the lock held by the binding host nothing is written.
    const unlocked = await ctx.store.allocations.bind(a, n, HOST).catch((e: unknown) => e);
    expect(unlocked).to.be.instanceOf(Conflict);
    expect((await ctx.store.allocations.getById(a.id)).state).to.equal('allocating');
    const bound = await ctx.store.allocations.bind(a, await locked(n), HOST);
    expect(bound).to.include({ state: 'active', node_id: n.id });
    const after = await ctx.store.nodes.getById(n.id);
    expect(after).to.include({ allocation_id: a.id, instance_uuid: a.uuid });
    expect(after.instance_info).to.deep.equal({ image_source: 'x', traits: ['CUSTOM_A'] });
    expect((await ctx.store.allocations.findByNodeId(n.id))?.uuid).to.equal(a.uuid);
    expect([...(await ctx.store.allocations.uuidsOf([a.id, null])).values()]).to.deep.equal([a.uuid]);
    await ctx.store.allocations.destroy(a);
    expect(await ctx.store.allocations.findById(a.id)).to.equal(undefined);
    expect(await ctx.store.nodes.getById(n.id)).to.include({ allocation_id: null, instance_uuid: null });
  });

  it('never gives one node to two allocations racing for it', async () => {
    const n = await locked(await node());
    const a = await ctx.store.allocations.create({ resource_class: 'gold' });
    const b = await ctx.store.allocations.create({ resource_class: 'gold' });
    const results = await Promise.allSettled([ctx.store.allocations.bind(a, n, HOST), ctx.store.allocations.bind(b, n, HOST)]);
    expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).to.be.instanceOf(Conflict);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: number }>).value.id;
    const loser = winner === a.id ? b : a;
    // The loser's row is untouched by the rolled-back transaction.
    expect(await ctx.store.allocations.getById(loser.id)).to.include({ state: 'allocating', node_id: null });
    expect((await ctx.store.nodes.getById(n.id)).allocation_id).to.equal(winner);
  });

  it('a bind after the allocation was deleted changes nothing; a failure clears node_id; deleting the node deletes its allocation', async () => {
    const n = await locked(await node());
    const gone = await ctx.store.allocations.create({ resource_class: 'gold' });
    await ctx.store.allocations.destroy(gone);
    expect(await ctx.store.allocations.bind(gone, n, HOST)).to.equal(undefined);
    expect((await ctx.store.nodes.getById(n.id)).allocation_id).to.equal(null);
    const failed = await ctx.store.allocations.fail((await ctx.store.allocations.create({ resource_class: 'gold' })).id, 'why');
    expect(failed).to.include({ state: 'error', last_error: 'why', node_id: null });
    const a = await ctx.store.allocations.create({ resource_class: 'gold' });
    await ctx.store.allocations.bind(a, n, HOST);
    await ctx.store.nodes.delete(n.id);
    expect(await ctx.store.allocations.findById(a.id)).to.equal(undefined);
  });
});

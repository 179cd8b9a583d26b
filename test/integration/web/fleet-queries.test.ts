// The console's reads at the repository level, on SQLite and PostgreSQL: the node search (filters,
// traits, prefix search by name, UUID and MAC, sorting with NULLs last, paging with a total), the
// overview's counts and lists, and the change feed the stream polls (ties beyond one page, new
// nodes, deletions by another process).
import { expect } from 'chai';
import type { NodeSearch } from '../../../core/db/node-search.js';
import type { Node } from '../../../core/db/types.js';
import { ChangePoller } from '../../../core/web/change-poller.js';
import { fleetSummary } from '../../../core/web/summary.js';
import { forEachDialect } from '../../helpers/databases.js';
import { testLogger } from '../../helpers/test-logger.js';
import { until } from '../../helpers/until.js';
import { DEPLOY_PROGRESS, seedWebFleet } from '../../helpers/web-fleet.js';

const search = (over: Partial<NodeSearch> = {}): NodeSearch => ({
  equals: {},
  traits: [],
  sort: 'name',
  dir: 'asc',
  limit: 50,
  offset: 0,
  ...over,
});
const names = (nodes: Node[]) => nodes.map((n) => n.name);

forEachDialect('console fleet queries', (ctx) => {
  it('searches with filters, every trait, prefixes of name, UUID and MAC, sorting and paging', async () => {
    const f = await seedWebFleet(ctx.store);
    const run = async (over: Partial<NodeSearch>) => ctx.store.nodeSearch.search(search(over));

    const all = await run({});
    expect(all.total).to.equal(7);
    expect(names(all.nodes)).to.deep.equal(['bmc-dead', 'deploy-1', 'fail-1', 'web-a1', 'web-a2', 'web-b1', null]);
    expect(names((await run({ dir: 'desc' })).nodes)).to.deep.equal(['web-b1', 'web-a2', 'web-a1', 'fail-1', 'deploy-1', 'bmc-dead', null]);

    const page = await run({ limit: 2, offset: 2 });
    expect(page.total).to.equal(7);
    expect(names(page.nodes)).to.deep.equal(['fail-1', 'web-a1']);
    expect(await run({ offset: 100 })).to.deep.equal({ nodes: [], total: 7 });

    expect(names((await run({ equals: { provision_state: 'available' } })).nodes)).to.deep.equal(['web-a1', 'web-a2']);
    expect(names((await run({ equals: { power_state: 'power off' } })).nodes)).to.deep.equal(['web-a2']);
    expect(names((await run({ equals: { driver: 'ipmi', conductor_group: 'rack2' } })).nodes)).to.deep.equal(['web-b1']);
    expect(names((await run({ equals: { resource_class: 'gpu', owner: 'team-a' } })).nodes)).to.deep.equal(['web-a1']);
    expect(names((await run({ maintenance: true })).nodes)).to.deep.equal(['bmc-dead', 'web-b1']);
    expect((await run({ maintenance: false })).total).to.equal(5);
    expect(names((await run({ traits: ['CUSTOM_GPU'] })).nodes)).to.deep.equal(['web-a1', 'web-a2']);
    expect(names((await run({ traits: ['CUSTOM_GPU', 'CUSTOM_NVME'] })).nodes)).to.deep.equal(['web-a1']);
    expect((await run({ traits: ['CUSTOM_NONE'] })).total).to.equal(0);

    expect(names((await run({ q: 'web-a' })).nodes)).to.deep.equal(['web-a1', 'web-a2']);
    expect(names((await run({ q: f.b1.uuid.slice(0, 13).toUpperCase() })).nodes)).to.deep.equal(['web-b1']);
    expect(names((await run({ q: f.b1.uuid })).nodes)).to.deep.equal(['web-b1']);
    expect(names((await run({ q: '52:54:00:AA:BB:0' })).nodes)).to.deep.equal(['web-a1', 'web-a2']);
    expect(names((await run({ q: '525400aabb01' })).nodes)).to.deep.equal(['web-a1']);
    expect(names((await run({ q: '52-54-00-cc' })).nodes)).to.deep.equal(['web-b1']);
    // LIKE wildcards are plain characters in a prefix range.
    expect((await run({ q: 'web%' })).total).to.equal(0);
    expect((await run({ q: '_' })).total).to.equal(0);

    // Ties (two available nodes) are broken by id, in the sort's direction.
    const byState = await run({ sort: 'provision_state', dir: 'desc', equals: { provision_state: 'available' } });
    expect(byState.nodes.map((n) => n.id)).to.deep.equal([f.a2.id, f.a1.id]);
    // NULLs last in both directions.
    const owners = await run({ sort: 'owner', dir: 'desc' });
    expect(owners.nodes[0]!.name).to.equal('web-a1');
    expect(owners.nodes.slice(1).map((n) => n.owner)).to.satisfy((o: unknown[]) => o.every((x) => x === null));
  });

  it('summarises the fleet: counts by state, attention with reasons, discoveries and deploys with progress', async () => {
    const f = await seedWebFleet(ctx.store);
    const s = await fleetSummary(ctx.store);
    expect(s.total).to.equal(7);
    expect(s.by_provision_state).to.deep.equal({
      available: 2,
      active: 1,
      'deploy failed': 1,
      enroll: 1,
      'wait call-back': 1,
      manageable: 1,
    });
    expect(s.by_power_state).to.deep.equal({ 'power on': 3, 'power off': 1, None: 3 });
    expect(s.maintenance).to.equal(2);
    expect(s.by_fault).to.deep.equal({ 'power failure': 1 });
    expect(s.attention_total).to.equal(3);
    const reasons = Object.fromEntries(s.attention.map((a) => [a.node.name, a.reasons]));
    expect(reasons).to.deep.equal({
      'web-b1': ['maintenance'],
      'fail-1': ['last_error', 'failed_state'],
      'bmc-dead': ['maintenance', 'power_sync'],
    });
    expect(s.discovered.map((n) => n.uuid)).to.deep.equal([f.discovered.uuid]);
    expect(s.discovered_total).to.equal(1);
    expect(s.deploys_total).to.equal(1);
    expect(s.deploys[0]).to.deep.include({ uuid: f.deploying.uuid, deploy_progress: DEPLOY_PROGRESS });
    // Rows carry no driver_info or instance_info.
    expect(Object.keys(s.deploys[0]!)).to.not.include.members(['driver_info', 'driver_internal_info', 'instance_info']);

    // Newest change first.
    await ctx.store.nodes.update(f.failed.id, { last_error: 'still broken' });
    expect((await fleetSummary(ctx.store)).attention[0]!.node.name).to.equal('fail-1');

    // Capped at 50; the total counts them all.
    for (let i = 0; i < 50; i++)
      await ctx.store.nodes.create({ driver: 'fake-hardware', name: `cleanfail-${i}`, provision_state: 'clean failed' });
    const capped = await fleetSummary(ctx.store);
    expect(capped.attention).to.have.length(50);
    expect(capped.attention_total).to.equal(53);
    expect(capped.by_provision_state['clean failed']).to.equal(50);
  });

  it('feeds changes once each: new nodes, writes, ties beyond a page, and deletions made elsewhere', async () => {
    const f = await seedWebFleet(ctx.store);
    const many: number[] = [];
    for (let i = 0; i < 600; i++) many.push((await ctx.store.nodes.create({ driver: 'fake-hardware', name: `tie-${i}` })).id);
    const changed: string[] = [];
    const deleted: string[] = [];
    const poller = new ChangePoller(
      ctx.store,
      { changed: (n) => changed.push(`${n.name ?? n.uuid}:${n.provision_state}`), deleted: (u) => deleted.push(u) },
      testLogger(),
      20,
    );
    await poller.start();
    try {
      // What existed before the start is not sent (the tie-* nodes were created just before).
      await ctx.store.nodes.update(f.a1.id, { provision_state: 'manageable' });
      await until('the write to web-a1', 10_000, () => changed.includes('web-a1:manageable'));
      const fresh = await ctx.store.nodes.create({ driver: 'fake-hardware', name: 'new-1' });
      await until('the new node', 10_000, () => changed.includes('new-1:enroll'));

      // 600 nodes written at the very same instant: more than a page (500) of ties.
      const stamp = new Date(Date.now() + 1000).toISOString();
      await ctx.store.db.kysely
        .updateTable('nodes')
        .set({ updated_at: stamp, provision_state: 'manageable' })
        .where('id', 'in', many)
        .execute();
      await until('600 tied writes', 20_000, () => changed.filter((c) => c.startsWith('tie-')).length >= 600);

      // Deleted by another process: noticed by the existence check of the nodes it sent.
      await ctx.store.nodes.delete(fresh.id);
      await until('the deletion of new-1', 10_000, () => deleted.includes(fresh.uuid));

      // A few more ticks repeat nothing.
      const seen = changed.length;
      await ctx.store.nodes.update(f.a2.id, { provision_state: 'manageable' });
      await until('the write to web-a2', 10_000, () => changed.includes('web-a2:manageable'));
      expect(changed.filter((c) => c.startsWith('tie-')).length).to.equal(600);
      expect(changed.slice(seen)).to.deep.equal(['web-a2:manageable']);
      expect(changed.filter((c) => c === 'web-a1:manageable')).to.have.length(1);
      expect(deleted).to.deep.equal([fresh.uuid]);
    } finally {
      await poller.stop();
    }
  });
});

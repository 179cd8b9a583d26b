// The data layer against real SQLite and PostgreSQL: the same assertions on both dialects.
import { expect } from 'chai';
import { Conflict, InvalidParameterValue, InvalidStoredRow, NotFound } from '../../../core/errors.js';
import { forEachDialect } from '../../helpers/databases.js';

forEachDialect('node repository', (ctx) => {
  it('creates a node with defaults and reads it back by uuid, name and id', async () => {
    const created = await ctx.store.nodes.create({ driver: 'fake-hardware', name: 'rack1-n1', driver_info: { ipmi_address: '10.0.0.1' } });
    expect(created.provision_state).to.equal('enroll');
    expect(created.maintenance).to.equal(false);
    expect(created.driver_info).to.deep.equal({ ipmi_address: '10.0.0.1' });
    expect(created.properties).to.deep.equal({});
    expect(created.clean_step).to.equal(null);
    expect((await ctx.store.nodes.getByIdent(created.uuid)).id).to.equal(created.id);
    expect((await ctx.store.nodes.getByIdent('rack1-n1')).uuid).to.equal(created.uuid);
    expect((await ctx.store.nodes.getById(created.id)).name).to.equal('rack1-n1');
  });

  it('counts nodes per shard in one GROUP BY, most first, unsharded nodes as "None"', async () => {
    for (const shard of ['b', 'a', 'b', null]) await ctx.store.nodes.create({ driver: 'fake-hardware', shard });
    expect(await ctx.store.nodes.shardCounts()).to.deep.equal([
      { name: 'b', count: 2 },
      { name: 'a', count: 1 },
      { name: 'None', count: 1 },
    ]);
  });

  it('refuses to read a node whose stored provision_state is not a state, naming the node and the value', async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    await ctx.store.db.kysely.updateTable('nodes').set({ provision_state: 'bogus' }).where('id', '=', node.id).execute();
    const err = await ctx.store.nodes.getById(node.id).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidStoredRow);
    expect((err as Error).message)
      .to.contain(node.uuid)
      .and.contain('"bogus"');
  });

  it('answers NotFound with the identifier for an unknown node', async () => {
    const err = await ctx.store.nodes.getByIdent('no-such-node').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NotFound);
    expect((err as Error).message).to.contain('no-such-node');
  });

  it('turns a duplicate name or instance into a 409', async () => {
    await ctx.store.nodes.create({ driver: 'fake-hardware', name: 'dup', instance_uuid: '11111111-2222-3333-4444-555555555555' });
    const byName = await ctx.store.nodes.create({ driver: 'fake-hardware', name: 'dup' }).catch((e: unknown) => e);
    expect(byName).to.be.instanceOf(Conflict);
    expect((byName as Error).message).to.contain('name dup');
    const byInstance = await ctx.store.nodes
      .create({ driver: 'fake-hardware', instance_uuid: '11111111-2222-3333-4444-555555555555' })
      .catch((e: unknown) => e);
    expect(byInstance).to.be.instanceOf(Conflict);
  });

  it('updates JSON and boolean fields and bumps updated_at', async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const updated = await ctx.store.nodes.update(node.id, { properties: { cpus: 8 }, maintenance: true, maintenance_reason: 'disk' });
    expect(updated.properties).to.deep.equal({ cpus: 8 });
    expect(updated.maintenance).to.equal(true);
    expect(updated.updated_at).to.be.a('string');
  });

  it('filters on state, maintenance, association and description', async () => {
    await ctx.store.nodes.create({ driver: 'fake-hardware', provision_state: 'available', description: 'GPU box 50%' });
    await ctx.store.nodes.create({
      driver: 'fake-hardware',
      provision_state: 'active',
      instance_uuid: 'aaaaaaaa-2222-3333-4444-555555555555',
    });
    await ctx.store.nodes.create({ driver: 'ipmi', provision_state: 'available', maintenance: true });
    const page = { limit: 100 };
    expect(await ctx.store.nodes.list({ provision_state: 'available' }, page)).to.have.length(2);
    expect(await ctx.store.nodes.list({ maintenance: true }, page)).to.have.length(1);
    expect(await ctx.store.nodes.list({ associated: true }, page)).to.have.length(1);
    expect(await ctx.store.nodes.list({ associated: false }, page)).to.have.length(2);
    expect(await ctx.store.nodes.list({ driver: 'ipmi' }, page)).to.have.length(1);
    expect(await ctx.store.nodes.list({ description_contains: '50%' }, page)).to.have.length(1);
    expect(await ctx.store.nodes.list({ description_contains: '5_%' }, page)).to.have.length(0);
  });

  it('pages with a marker in both directions and by a nullable sort key', async () => {
    for (let i = 0; i < 7; i++) await ctx.store.nodes.create({ driver: 'fake-hardware', name: i % 2 ? `n${i}` : null });
    const all = await ctx.store.nodes.list({}, { limit: 100 });
    const first = await ctx.store.nodes.list({}, { limit: 3 });
    const second = await ctx.store.nodes.list({}, { limit: 3, marker: first[2]!.uuid });
    expect([...first, ...second].map((n) => n.id)).to.deep.equal(all.slice(0, 6).map((n) => n.id));

    const collected: number[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await ctx.store.nodes.list({}, { limit: 2, marker, sortKey: 'name', sortDir: 'desc' });
      if (!page.length) break;
      collected.push(...page.map((n) => n.id));
      marker = page.at(-1)!.uuid;
    }
    expect(collected).to.have.length(7);
    expect(new Set(collected).size).to.equal(7);
  });

  it('pages by a boolean sort key with a marker (the marker compared as stored, 0/1)', async () => {
    for (let i = 0; i < 5; i++) await ctx.store.nodes.create({ driver: 'fake-hardware', maintenance: i % 2 === 0 });
    const collected: number[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await ctx.store.nodes.list({}, { limit: 2, marker, sortKey: 'maintenance' });
      if (!page.length) break;
      collected.push(...page.map((n) => n.id));
      marker = page.at(-1)!.uuid;
    }
    expect(collected).to.have.length(5);
    expect(new Set(collected).size).to.equal(5);
  });

  it("refuses an unknown sort key with 400 and an unknown marker with 404 (Ironic's answers)", async () => {
    expect(await ctx.store.nodes.list({}, { limit: 1, sortKey: 'driver_info' }).catch((e: unknown) => e)).to.be.instanceOf(
      InvalidParameterValue,
    );
    expect(
      await ctx.store.nodes.list({}, { limit: 1, marker: '00000000-0000-0000-0000-000000000000' }).catch((e: unknown) => e),
    ).to.be.instanceOf(NotFound);
  });

  it('grants the exclusive lock to exactly one of many concurrent holders', async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.store.nodes.reserve(node.id, `conductor-${i}`)));
    expect(results.filter(Boolean)).to.have.length(1);
    const holder = (await ctx.store.nodes.getById(node.id)).reservation!;
    expect(await ctx.store.nodes.release(node.id, 'someone-else')).to.equal(false);
    expect(await ctx.store.nodes.release(node.id, holder)).to.equal(true);
    expect((await ctx.store.nodes.getById(node.id)).reservation).to.equal(null);
    await ctx.store.nodes.reserve(node.id, 'a');
    expect(await ctx.store.nodes.releaseAllHeldBy('a')).to.equal(1);
  });

  // New: the compare-and-set every agent-field writer goes through (heartbeat, lookup).
  it('updateInternalInfo writes only over the row its change saw, else runs the change again on the new row', async () => {
    const node = await ctx.store.nodes.create({
      driver: 'fake-hardware',
      provision_state: 'wait call-back',
      driver_internal_info: { a: 1 },
    });
    const seen: string[] = [];
    const updated = await ctx.store.nodes.updateInternalInfo(node.id, async (n) => {
      seen.push(`${n.provision_state} ${JSON.stringify(n.driver_internal_info)}`);
      // Another writer lands between this read and its write, the first time only.
      if (seen.length === 1) await ctx.store.nodes.update(node.id, { provision_state: 'active', driver_internal_info: { a: 1, c: 3 } });
      return { ...n.driver_internal_info, b: 2 };
    });
    expect(seen).to.deep.equal(['wait call-back {"a":1}', 'active {"a":1,"c":3}']);
    expect(updated?.driver_internal_info).to.deep.equal({ a: 1, c: 3, b: 2 });
    expect((await ctx.store.nodes.getById(node.id)).driver_internal_info).to.deep.equal({ a: 1, c: 3, b: 2 });
    // undefined writes nothing; a throw refuses.
    expect(await ctx.store.nodes.updateInternalInfo(node.id, () => undefined)).to.equal(undefined);
    const err = await ctx.store.nodes
      .updateInternalInfo(node.id, () => {
        throw new Conflict('no');
      })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Conflict);
    expect((await ctx.store.nodes.getById(node.id)).driver_internal_info).to.deep.equal({ a: 1, c: 3, b: 2 });
  });
});

forEachDialect('port repository', (ctx) => {
  it('normalises MACs to lower case and refuses duplicates with 409', async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const port = await ctx.store.ports.create({ node_id: node.id, address: '52:54:00:AB:CD:EF' });
    expect(port.address).to.equal('52:54:00:ab:cd:ef');
    expect(port.pxe_enabled).to.equal(true);
    const dup = await ctx.store.ports.create({ node_id: node.id, address: '52:54:00:ab:cd:ef' }).catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(Conflict);
    expect((dup as Error).message).to.contain('52:54:00:ab:cd:ef');
    expect((await ctx.store.ports.findByAddresses(['52:54:00:AB:CD:EF', 'aa:aa:aa:aa:aa:aa'])).map((p) => p.uuid)).to.deep.equal([
      port.uuid,
    ]);
  });

  it("deletes a node's ports, traits, history and inventory with the node", async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    await ctx.store.ports.create({ node_id: node.id, address: '52:54:00:00:00:01' });
    await ctx.store.traits.replace(node.id, ['CUSTOM_GPU', 'CUSTOM_GPU', 'HW_CPU_X86_AVX2']);
    await ctx.store.history.add({ node_id: node.id, event: 'created', event_type: 'create' });
    await ctx.store.inventory.add(node.id, { cpu: { count: 4 } }, {}, 2);
    expect(await ctx.store.traits.list(node.id)).to.deep.equal(['CUSTOM_GPU', 'HW_CPU_X86_AVX2']);
    expect((await ctx.store.inventory.latest(node.id))?.inventory_data).to.deep.equal({ cpu: { count: 4 } });
    await ctx.store.nodes.delete(node.id);
    expect(await ctx.store.ports.listByNode(node.id)).to.have.length(0);
    expect(await ctx.store.traits.list(node.id)).to.have.length(0);
    expect(await ctx.store.history.list(node.id)).to.have.length(0);
  });

  // Before pruning every add kept its row: 20 reports of one node left 20 rows (issue #18).
  it("keeps a node's newest inventory and `keepOlder` older ones, pruning on write, other nodes untouched", async () => {
    const node = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const other = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    for (let i = 0; i < 3; i++) await ctx.store.inventory.add(other.id, { n: i }, {}, 5);
    for (let i = 0; i < 20; i++) await ctx.store.inventory.add(node.id, { n: i }, { i }, 2);
    expect(await ctx.store.inventory.count(node.id)).to.equal(3);
    expect((await ctx.store.inventory.latest(node.id))?.inventory_data).to.deep.equal({ n: 19 });
    expect(await ctx.store.inventory.count(other.id)).to.equal(3);
    await ctx.store.inventory.add(node.id, { n: 20 }, {}, 0);
    expect(await ctx.store.inventory.count(node.id)).to.equal(1);
    expect((await ctx.store.inventory.latest(node.id))?.inventory_data).to.deep.equal({ n: 20 });
  });
});

forEachDialect('conductor repository', (ctx) => {
  it('registers, re-registers after a restart and marks offline', async () => {
    await ctx.store.conductors.register('c1', '', ['fake-hardware']);
    const again = await ctx.store.conductors.register('c1', 'rack2', ['fake-hardware', 'ipmi']);
    expect(again.hardware_types).to.deep.equal(['fake-hardware', 'ipmi']);
    expect(again.conductor_group).to.equal('rack2');
    await ctx.store.conductors.markOffline('c1');
    const [c] = await ctx.store.conductors.list();
    expect(c!.online).to.equal(false);
  });
});

forEachDialect('trait repository', (ctx) => {
  it('reads the traits of many nodes in one call', async () => {
    const a = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const b = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const c = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    await ctx.store.traits.replace(a.id, ['CUSTOM_B', 'CUSTOM_A']);
    await ctx.store.traits.add(c.id, 'CUSTOM_GPU');
    const map = await ctx.store.traits.listForNodes([a.id, b.id, c.id]);
    expect([...map.entries()]).to.deep.equal([
      [a.id, ['CUSTOM_A', 'CUSTOM_B']],
      [b.id, []],
      [c.id, ['CUSTOM_GPU']],
    ]);
    expect((await ctx.store.traits.listForNodes([])).size).to.equal(0);
  });
});

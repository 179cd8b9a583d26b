// Volume connectors, volume targets and deploy templates on real SQLite and PostgreSQL: their
// unique rules become 409s naming the clash, lists page and filter by node, and a node's
// connectors and targets go with it.
import { expect } from 'chai';
import { Conflict, NotFound } from '../../../core/errors.js';
import { forEachDialect } from '../../helpers/databases.js';

forEachDialect('volume connector and target repositories', (ctx) => {
  it('keeps (type, connector_id) unique across nodes, with a 409 naming both', async () => {
    const a = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const b = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const c = await ctx.store.volumeConnectors.create({ node_id: a.id, type: 'iqn', connector_id: 'iqn.2017-07.org.example:01' });
    expect(c.extra).to.deep.equal({});
    const dup = await ctx.store.volumeConnectors
      .create({ node_id: b.id, type: 'iqn', connector_id: 'iqn.2017-07.org.example:01' })
      .catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(Conflict);
    expect((dup as Error).message).to.equal('A volume connector with type iqn and connector ID iqn.2017-07.org.example:01 already exists.');
    // The same identity under another type is another connector.
    await ctx.store.volumeConnectors.create({ node_id: b.id, type: 'ip', connector_id: 'iqn.2017-07.org.example:01' });
  });

  it('keeps boot_index unique per node only', async () => {
    const a = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const b = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const t = await ctx.store.volumeTargets.create({
      node_id: a.id,
      volume_type: 'iscsi',
      boot_index: 0,
      volume_id: 'v1',
      properties: { lun: 1 },
    });
    expect(t.properties).to.deep.equal({ lun: 1 });
    await ctx.store.volumeTargets.create({ node_id: b.id, volume_type: 'iscsi', boot_index: 0, volume_id: 'v2' });
    const dup = await ctx.store.volumeTargets
      .create({ node_id: a.id, volume_type: 'iscsi', boot_index: 0, volume_id: 'v3' })
      .catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(Conflict);
    expect((dup as Error).message).to.contain("boot index '0'");
    const moved = await ctx.store.volumeTargets.update(t.id, { boot_index: 1 }).catch((e: unknown) => e);
    expect(moved).to.not.be.instanceOf(Error);
  });

  it("lists one node's connectors in keyset pages, and deletes them with the node", async () => {
    const a = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    const b = await ctx.store.nodes.create({ driver: 'fake-hardware' });
    for (let i = 0; i < 3; i++)
      await ctx.store.volumeConnectors.create({ node_id: a.id, type: 'wwpn', connector_id: `50:00:00:00:00:00:00:0${i}` });
    await ctx.store.volumeConnectors.create({ node_id: b.id, type: 'wwpn', connector_id: '50:00:00:00:00:00:00:99' });
    const first = await ctx.store.volumeConnectors.list({ node_id: a.id }, { limit: 2 });
    const second = await ctx.store.volumeConnectors.list({ node_id: a.id }, { limit: 2, marker: first[1]!.uuid });
    expect([...first, ...second].map((c) => c.connector_id)).to.deep.equal([
      '50:00:00:00:00:00:00:00',
      '50:00:00:00:00:00:00:01',
      '50:00:00:00:00:00:00:02',
    ]);
    await ctx.store.volumeTargets.create({ node_id: a.id, volume_type: 'fibre_channel', boot_index: 0, volume_id: 'v' });
    await ctx.store.nodes.delete(a.id);
    expect(await ctx.store.volumeConnectors.list({}, { limit: 10 })).to.have.length(1);
    expect(await ctx.store.volumeTargets.list({}, { limit: 10 })).to.have.length(0);
  });
});

forEachDialect('deploy template repository', (ctx) => {
  const steps = [
    { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }] }, priority: 150 },
  ];

  it('stores steps as given, finds templates by UUID or name, and refuses a second name with a 409', async () => {
    const t = await ctx.store.deployTemplates.create({ name: 'CUSTOM_HT_ON', steps });
    expect((await ctx.store.deployTemplates.getByIdent('CUSTOM_HT_ON')).steps).to.deep.equal(steps);
    expect((await ctx.store.deployTemplates.getByIdent(t.uuid)).name).to.equal('CUSTOM_HT_ON');
    const dup = await ctx.store.deployTemplates.create({ name: 'CUSTOM_HT_ON', steps }).catch((e: unknown) => e);
    expect(dup).to.be.instanceOf(Conflict);
    expect((dup as Error).message).to.equal('A deploy template with name CUSTOM_HT_ON already exists.');
    expect(await ctx.store.deployTemplates.getByIdent('CUSTOM_NONE').catch((e: unknown) => e)).to.be.instanceOf(NotFound);
  });

  it("finds the templates an instance's traits name, and only those", async () => {
    for (const name of ['CUSTOM_A', 'CUSTOM_B', 'CUSTOM_C']) await ctx.store.deployTemplates.create({ name, steps });
    expect((await ctx.store.deployTemplates.findByNames(['CUSTOM_C', 'CUSTOM_A', 'HW_CPU_X86_AVX2'])).map((t) => t.name)).to.deep.equal([
      'CUSTOM_A',
      'CUSTOM_C',
    ]);
    expect(await ctx.store.deployTemplates.findByNames([])).to.deep.equal([]);
  });
});

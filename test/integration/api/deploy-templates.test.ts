// Deploy templates over HTTP against Tyr in-process: CRUD with Ironic's validation (1.55+, name a
// valid trait, steps checked), and a fake-hardware deploy whose instance asks for a template's
// trait runs the template's step.
import { expect } from 'chai';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const HT_ON = [
  { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'LogicalProc', value: 'Enabled' }] }, priority: 150 },
];

describe('API: deploy templates', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  const L = { version: 'latest' };
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  const create = (body: Record<string, unknown>, version = 'latest') => api.call('POST', '/v1/deploy_templates', body, { version });

  it('is 404 to reads and 405 to writes below 1.55', async () => {
    expect((await api.call('GET', '/v1/deploy_templates', undefined, { version: '1.54' })).status).to.equal(404);
    expect((await create({ name: 'CUSTOM_OLD', steps: HT_ON }, '1.54')).status).to.equal(405);
  });

  it('creates, shows by UUID or name, lists (short, detail, fields, pages), patches and deletes', async () => {
    const r = await create({ name: 'CUSTOM_CRUD', steps: HT_ON, extra: { owner: 'ops' } });
    expect(r.status, r.message).to.equal(201);
    expect(r.headers.get('location')).to.equal(`${api.url}/v1/deploy_templates/${r.body.uuid}`);
    expect(r.body).to.deep.include({ name: 'CUSTOM_CRUD', steps: HT_ON, extra: { owner: 'ops' } });
    expect((await api.call('GET', '/v1/deploy_templates/CUSTOM_CRUD', undefined, L)).body.uuid).to.equal(r.body.uuid);
    await create({ name: 'HW_CPU_X86_AVX2', steps: HT_ON });

    const short = await api.call('GET', '/v1/deploy_templates', undefined, L);
    expect(Object.keys(short.body.deploy_templates[0]).sort()).to.deep.equal(['links', 'name', 'uuid']);
    const detail = await api.call('GET', '/v1/deploy_templates?detail=true', undefined, L);
    expect(detail.body.deploy_templates[0]).to.include.keys('steps', 'extra', 'created_at');
    const fields = await api.call('GET', '/v1/deploy_templates?fields=uuid', undefined, L);
    expect(Object.keys(fields.body.deploy_templates[0]).sort()).to.deep.equal(['links', 'uuid']);
    const page = await api.call('GET', '/v1/deploy_templates?limit=1', undefined, L);
    expect(page.body.next).to.contain(`marker=${page.body.deploy_templates[0].uuid}`);

    const patched = await api.call(
      'PATCH',
      '/v1/deploy_templates/CUSTOM_CRUD',
      [
        { op: 'add', path: '/extra/answer', value: 42 },
        { op: 'replace', path: '/name', value: 'CUSTOM_RENAMED' },
      ],
      L,
    );
    expect(patched.status, patched.message).to.equal(200);
    expect(patched.body).to.deep.include({ name: 'CUSTOM_RENAMED', extra: { owner: 'ops', answer: 42 } });
    expect((await api.call('DELETE', '/v1/deploy_templates/CUSTOM_RENAMED', undefined, L)).status).to.equal(204);
    expect((await api.call('GET', `/v1/deploy_templates/${r.body.uuid}`, undefined, L)).status).to.equal(404);
  });

  it('refuses invalid names, steps and duplicates with messages that say what to fix', async () => {
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'custom_lower', steps: HT_ON }, 400, /must be a valid trait.*CUSTOM_/],
      [{ name: 'NOT_A_STANDARD_TRAIT', steps: HT_ON }, 400, /must be a valid trait/],
      [{ name: 'CUSTOM_NOSTEPS', steps: [] }, 400, /at least one deploy step/],
      [
        { name: 'CUSTOM_IFACE', steps: [{ ...HT_ON[0], interface: 'vendor' }] },
        400,
        /interface must be one of power, management, deploy, bios, raid/,
      ],
      [{ name: 'CUSTOM_PRIO', steps: [{ ...HT_ON[0], priority: -1 }] }, 400, /priority must be an integer of 0 or more/],
      [{ name: 'CUSTOM_ARGS', steps: [{ interface: 'bios', step: 'factory_reset', priority: 1 }] }, 400, /missing: args/],
      [{ name: 'CUSTOM_DUP', steps: [HT_ON[0], HT_ON[0]] }, 400, /Duplicate deploy steps.*interface: bios, step: apply_configuration/],
      [{ name: 'CUSTOM_NAMELESS' }, 400, /needs "steps"/],
    ];
    for (const [body, status, message] of cases) {
      const r = await create(body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.message, JSON.stringify(body)).to.match(message);
    }
    expect((await create({ name: 'CUSTOM_TWICE', steps: HT_ON })).status).to.equal(201);
    const dup = await create({ name: 'CUSTOM_TWICE', steps: HT_ON });
    expect(dup.status).to.equal(409);
    expect(dup.message).to.equal('A deploy template with name CUSTOM_TWICE already exists.');
    // A priority given as a string of digits is stored as a number, as Ironic does.
    const str = await create({ name: 'CUSTOM_STRPRIO', steps: [{ ...HT_ON[0], priority: '10' }] });
    expect(str.body.steps[0].priority).to.equal(10);
  });

  it('masks passwords in step arguments but keeps them for the deploy', async () => {
    const steps = [{ interface: 'bios', step: 'apply_configuration', args: { settings: [], admin_password: 'hunter2' }, priority: 10 }];
    const r = await create({ name: 'CUSTOM_SECRET', steps });
    expect(r.body.steps[0].args.admin_password).to.equal('******');
    await api.call('PATCH', '/v1/deploy_templates/CUSTOM_SECRET', [{ op: 'add', path: '/extra/x', value: 1 }], L);
    expect((await api.server.store.deployTemplates.getByIdent('CUSTOM_SECRET')).steps[0]!.args).to.deep.equal({
      settings: [],
      admin_password: 'hunter2',
    });
  });

  describe('at deploy', () => {
    async function availableNode(name: string, extra: Record<string, unknown> = {}) {
      const n = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name, ...extra }, L)).body;
      for (const [target, state] of [
        ['manage', 'manageable'],
        ['provide', 'available'],
      ] as const) {
        await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target }, L);
        await until(state, 20_000, async () => (await api.call('GET', `/v1/nodes/${n.uuid}`, undefined, L)).body.provision_state === state);
      }
      return n.uuid as string;
    }

    it('runs the steps of the template an instance trait names, and not the others', async () => {
      await create({ name: 'CUSTOM_HYPERTHREADING_ON', steps: HT_ON });
      await create({
        name: 'CUSTOM_HYPERTHREADING_OFF',
        steps: [{ ...HT_ON[0], args: { settings: [{ name: 'LogicalProc', value: 'Disabled' }] } }],
      });
      const n = await availableNode('tmpl-deploy');
      await api.call('PUT', `/v1/nodes/${n}/traits`, { traits: ['CUSTOM_HYPERTHREADING_ON', 'CUSTOM_HYPERTHREADING_OFF'] }, L);
      await api.call(
        'PATCH',
        `/v1/nodes/${n}`,
        [{ op: 'add', path: '/instance_info', value: { traits: ['CUSTOM_HYPERTHREADING_ON'], image_source: 'http://img' } }],
        L,
      );
      const r = await api.call('PUT', `/v1/nodes/${n}/states/provision`, { target: 'active' }, L);
      expect(r.status, r.message).to.equal(202);
      await until('active', 20_000, async () => (await api.call('GET', `/v1/nodes/${n}`, undefined, L)).body.provision_state === 'active');
      const history = (await api.call('GET', `/v1/nodes/${n}/history?detail=true`, undefined, L)).body.history.map((h: any) => h.event);
      expect(history.filter((e: string) => e.startsWith('deploy step apply_configuration done'))).to.have.length(1);
      const bios = (await api.call('GET', `/v1/nodes/${n}/bios`, undefined, L)).body.bios;
      expect(bios.find((s: any) => s.name === 'LogicalProc').value).to.equal('Enabled');
      expect((await api.call('GET', `/v1/nodes/${n}`, undefined, L)).body.deploy_step).to.satisfy(
        (s: unknown) => s === null || JSON.stringify(s) === '{}',
      );
    });

    it('refuses (400, before anything changes) instance traits the node lacks, and steps the node cannot run', async () => {
      const n = await availableNode('tmpl-refuse', { raid_interface: 'no' });
      await api.call('PATCH', `/v1/nodes/${n}`, [{ op: 'add', path: '/instance_info', value: { traits: ['CUSTOM_GPU'] } }], L);
      const missing = await api.call('PUT', `/v1/nodes/${n}/states/provision`, { target: 'active' }, L);
      expect(missing.status).to.equal(400);
      expect(missing.message).to.contain('Cannot specify instance traits that are not also node traits. Missing traits: CUSTOM_GPU');

      await create({ name: 'CUSTOM_RAID1', steps: [{ interface: 'raid', step: 'create_configuration', args: {}, priority: 50 }] });
      await api.call('PUT', `/v1/nodes/${n}/traits`, { traits: ['CUSTOM_RAID1'] }, L);
      await api.call('PATCH', `/v1/nodes/${n}`, [{ op: 'replace', path: '/instance_info', value: { traits: ['CUSTOM_RAID1'] } }], L);
      const unsupported = await api.call('PUT', `/v1/nodes/${n}/states/provision`, { target: 'active' }, L);
      expect(unsupported.status).to.equal(400);
      expect(unsupported.message).to.contain('Deploy template CUSTOM_RAID1 has the step raid.create_configuration');
      expect((await api.call('GET', `/v1/nodes/${n}`, undefined, L)).body.provision_state).to.equal('available');
    });
  });
});

// The hardware-operation endpoints through the API (in-process Tyr on SQLite) and Debian's real
// `baremetal` CLI: target RAID configuration (PUT /states/raid, 1.12) with its 400s, BIOS
// settings (1.40; registry at 1.74), firmware components, and the clean-request checks that
// answer 400 before a node boots. The BIOS cache and firmware rows are written through the
// Store, as a BIOS/firmware clean step leaves them (that path runs in clean-steps.test.ts).
import { expect } from 'chai';
import { baremetalCli } from '../../helpers/baremetal-cli.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: hardware operations (RAID, BIOS, firmware) with the real baremetal CLI', function () {
  this.timeout(120_000);
  let api: ApiHarness;
  let uuid: string;
  const bm = baremetalCli(() => api.url);
  const raid = (body: unknown, version = '1.12') => api.call('PUT', `/v1/nodes/${uuid}/states/raid`, body, { version });
  const cleanReq = (steps: unknown[]) =>
    api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'clean', clean_steps: steps }, { version: 'latest' });

  before(async () => {
    api = await startApi();
    const created = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'hwops-api' }, { version: 'latest' });
    expect(created.status, created.message).to.equal(201);
    uuid = created.body.uuid;
    const node = await api.server.store.nodes.getByIdent(uuid);
    await api.server.store.nodes.update(node.id, { provision_state: 'manageable' });
    await api.server.store.bios.replace(node.id, [
      {
        name: 'HyperThreading',
        value: 'Enabled',
        attribute_type: 'Enumeration',
        allowed_values: ['Enabled', 'Disabled'],
        read_only: false,
        reset_required: true,
      },
      { name: 'SystemSerial', value: 'S1', attribute_type: 'String', read_only: true },
    ]);
    await api.server.store.firmware.record(node.id, [{ component: 'bios', current_version: '1.0.0' }]);
    await api.server.store.firmware.record(node.id, [{ component: 'bios', current_version: '1.2.0', last_version_flashed: '1.2.0' }]);
  });
  after(async () => {
    await api?.stop();
  });

  it('baremetal node set --target-raid-config stores a valid configuration (PUT /states/raid)', async () => {
    const config = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true, physical_disks: ['/dev/vdb', '/dev/vdc'] }] };
    const r = await bm('--os-baremetal-api-version', '1.12', 'node', 'set', uuid, '--target-raid-config', JSON.stringify(config));
    expect(r.code, r.stderr).to.equal(0);
    const states = await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, { version: '1.12' });
    expect(states.body.target_raid_config).to.deep.equal(config);
  });

  it('refuses bad RAID configurations with 400 naming the field, and the endpoint before 1.12 with 406', async () => {
    const r = await raid({ logical_disks: [{ size_gb: 'MAX', raid_level: '4' }] });
    expect(r.status).to.equal(400);
    expect(r.message).to.match(/logical_disks\[0\]\.raid_level must be one of/);
    const cliBad = await bm(
      '--os-baremetal-api-version',
      '1.12',
      'node',
      'set',
      uuid,
      '--target-raid-config',
      '{"logical_disks": [{"raid_level": "1"}]}',
    );
    expect(cliBad.code).to.not.equal(0);
    expect(cliBad.stderr).to.match(/size_gb is required/);
    expect((await raid({ logical_disks: [{ size_gb: 1, raid_level: '1' }] }, '1.11')).status).to.equal(406);
  });

  it('lists BIOS settings (registry from 1.74 with detail) and one setting; baremetal node bios setting list', async () => {
    const plain = await api.call('GET', `/v1/nodes/${uuid}/bios`, undefined, { version: '1.40' });
    expect(plain.body.bios.map((s: any) => [s.name, s.value])).to.deep.equal([
      ['HyperThreading', 'Enabled'],
      ['SystemSerial', 'S1'],
    ]);
    expect(plain.body.bios[0]).to.not.have.property('allowable_values');
    const detail = await api.call('GET', `/v1/nodes/${uuid}/bios?detail=true`, undefined, { version: '1.74' });
    expect(detail.body.bios[0]).to.include({ attribute_type: 'Enumeration', reset_required: true, read_only: false });
    const one = await api.call('GET', `/v1/nodes/${uuid}/bios/SystemSerial`, undefined, { version: '1.74' });
    expect(one.body.SystemSerial).to.include({ value: 'S1', read_only: true });
    expect((await api.call('GET', `/v1/nodes/${uuid}/bios/Nope`, undefined, { version: '1.40' })).status).to.equal(404);
    const listed = await bm('--os-baremetal-api-version', '1.40', 'node', 'bios', 'setting', 'list', uuid, '-f', 'json');
    expect(listed.code, listed.stderr).to.equal(0);
    expect(JSON.parse(listed.stdout)).to.deep.equal([
      { 'BIOS setting name': 'HyperThreading', 'BIOS setting value': 'Enabled' },
      { 'BIOS setting name': 'SystemSerial', 'BIOS setting value': 'S1' },
    ]);
  });

  it('lists firmware components with the first version seen as initial_version', async () => {
    const fw = await api.call('GET', `/v1/nodes/${uuid}/firmware`, undefined, { version: 'latest', headers: { 'X-Tyr-Extensions': '1' } });
    expect(fw.status, fw.message).to.equal(200);
    expect(fw.body.firmware[0]).to.include({
      component: 'bios',
      initial_version: '1.0.0',
      current_version: '1.2.0',
      last_version_flashed: '1.2.0',
    });
  });

  it('refuses bad hardware-op clean steps with 400 before anything starts', async () => {
    const cases: [unknown[], RegExp][] = [
      [
        [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'SystemSerial', value: 'x' }] } }],
        /SystemSerial is read-only/,
      ],
      [[{ interface: 'bios', step: 'apply_configuration', args: {} }], /args\.settings must be a non-empty list/],
      [[{ interface: 'bios', step: 'flash_everything' }], /bios interface has no clean step "flash_everything"/],
      [
        [
          {
            interface: 'firmware',
            step: 'update_firmware',
            args: { firmware_images: [{ component: 'bmc', url: 'ftp://x/y', checksum: 'a', version: '1' }] },
          },
        ],
        /url must be an http\(s\) URL/,
      ],
      [
        [{ interface: 'firmware', step: 'update_firmware', args: { firmware_images: [{ component: 'bmc', url: 'http://x/y' }] } }],
        /checksum must be a non-empty string/,
      ],
      [[{ interface: 'deploy', step: 'burnin_network', args: { duration: 5 } }], /pairing_group/],
    ];
    for (const [steps, message] of cases) {
      const r = await cleanReq(steps);
      expect(r.status, JSON.stringify(steps)).to.equal(400);
      expect(r.message).to.match(message);
    }
    const viaCli = await bm(
      '--os-baremetal-api-version',
      '1.40',
      'node',
      'clean',
      uuid,
      '--clean-steps',
      JSON.stringify([{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'HyperThreading', value: 'Off' }] } }]),
    );
    expect(viaCli.code, 'baremetal node clean with an invalid BIOS value').to.not.equal(0);
    expect(viaCli.stderr).to.match(/HyperThreading cannot be "Off": allowed values are Enabled, Disabled/);
    await raid({});
    const noTarget = await cleanReq([{ interface: 'raid', step: 'create_configuration' }]);
    expect(noTarget.status).to.equal(400);
    expect(noTarget.message).to.match(/has no target_raid_config; set one with PUT/);
    const node = await api.call('GET', `/v1/nodes/${uuid}`, undefined, { version: 'latest' });
    expect(node.body.provision_state).to.equal('manageable');
  });
});

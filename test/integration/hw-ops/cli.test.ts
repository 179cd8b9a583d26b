// The `tyr` CLI's hardware-operation commands as a child process against in-process Tyr:
// `tyr node raid` sets the target RAID configuration (and shows the API's 400), `tyr node bios`
// and `tyr node firmware` list what the clean steps cached (written through the Store here; the
// clean-step path itself runs in clean-steps.test.ts).
import { expect } from 'chai';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';

describe('tyr CLI: node bios, firmware and raid', function () {
  this.timeout(60_000);
  let h: CliHarness;

  before(async () => {
    h = await startTyr();
    ok(await h.tyr('node', 'create', '--driver', 'fake-hardware', '--name', 'hw-cli'));
    const node = await h.server.store.nodes.getByIdent('hw-cli');
    await h.server.store.bios.replace(node.id, [
      {
        name: 'BootMode',
        value: 'Uefi',
        attribute_type: 'Enumeration',
        allowed_values: ['Bios', 'Uefi'],
        read_only: false,
        reset_required: true,
      },
    ]);
    await h.server.store.firmware.record(node.id, [{ component: 'bmc', current_version: '1.0.0' }]);
    await h.server.store.firmware.record(node.id, [{ component: 'bmc', current_version: '2.0.0', last_version_flashed: '2.0.0' }]);
  });
  after(async () => {
    await h?.stop();
  });

  it("tyr node raid sets target_raid_config; a bad one prints the API's message and exits 1", async () => {
    const config = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] };
    ok(await h.tyr('node', 'raid', 'hw-cli', JSON.stringify(config)));
    expect((await h.server.store.nodes.getByIdent('hw-cli')).target_raid_config).to.deep.equal(config);
    const bad = await h.tyr('node', 'raid', 'hw-cli', '{"logical_disks": [{"size_gb": -1, "raid_level": "1"}]}');
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/size_gb must be a positive number or "MAX"/);
  });

  it('tyr node bios lists settings, --long with registry attributes', async () => {
    expect(JSON.parse(ok(await h.tyr('node', 'bios', 'hw-cli', '-f', 'json')))).to.deep.equal([{ name: 'BootMode', value: 'Uefi' }]);
    const long = JSON.parse(ok(await h.tyr('node', 'bios', 'hw-cli', '--long', '-f', 'json')));
    expect(long[0]).to.deep.include({ name: 'BootMode', allowable_values: ['Bios', 'Uefi'], reset_required: true });
  });

  it('tyr node firmware lists components with initial and current versions', async () => {
    const rows = JSON.parse(ok(await h.tyr('node', 'firmware', 'hw-cli', '-f', 'json')));
    expect(rows[0]).to.include({ component: 'bmc', initial_version: '1.0.0', current_version: '2.0.0', last_version_flashed: '2.0.0' });
  });

  it('tyr node clean --steps (an alias of --clean-steps) reaches the API, which refuses an invalid BIOS value', async () => {
    ok(await h.tyr('node', 'manage', 'hw-cli', '--wait', '30'));
    const steps = [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'BootMode', value: 'Floppy' }] } }];
    const refused = await h.tyr('node', 'clean', 'hw-cli', '--steps', JSON.stringify(steps));
    expect(refused.code).to.equal(1);
    expect(refused.stderr)
      .to.match(/BootMode/)
      .and.match(/Floppy/);
  });
});

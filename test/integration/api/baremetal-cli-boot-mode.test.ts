// The real `baremetal` CLI (python3-ironicclient) on states/boot_mode and states/secure_boot for
// the two management interfaces that act on hardware: ipmitool against ipmi_sim (the mode is
// recorded and travels as the efiboot flag of the next boot device; Secure Boot is refused) and
// redfish against the lab's Redfish simulator (BootSourceOverrideMode and the SecureBoot resource).
import { expect } from 'chai';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { until } from '../../helpers/until.js';
import { QUICK_REDFISH } from '../redfish/helpers.js';

describe('the baremetal CLI on boot mode and Secure Boot (ipmi_sim, Redfish simulator)', function () {
  this.timeout(180_000);
  const L = { version: 'latest' };
  let api: ApiHarness;
  let bmc: Bmc;
  let sim: RedfishSim;
  const { bm, ok, json } = baremetalCliChecked(() => api.url);
  const states = async (name: string) => (await api.call('GET', `/v1/nodes/${name}/states`, undefined, L)).body as Record<string, any>;
  const history = async (name: string) =>
    ((await api.call('GET', `/v1/nodes/${name}/history`, undefined, L)).body.history as { event: string }[]).map((h) => h.event);

  before(async () => {
    bmc = await startBmc();
    sim = await startRedfishSim();
    api = await startApi({ ...QUICK_IPMI, redfish: QUICK_REDFISH.redfish });
    await ok('node', 'create', '--driver', 'ipmi', '--name', 'cli-ipmi', ...driverInfoArgs(bmc.driverInfo()));
    await ok('node', 'create', '--driver', 'redfish', '--name', 'cli-redfish', ...driverInfoArgs(sim.driverInfo()));
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
    await sim?.stop();
  });

  // ipmi_sim drops the EFI flag (test/integration/ipmi/fixtures/README.md): the flag on the wire is
  // checked in test/integration/ipmi/vendor-boot-mode.test.ts, through a recording ipmitool.
  it('ipmi: "node boot mode set bios" records the mode with the note that it applies at the next boot-device change', async () => {
    await ok('node', 'boot', 'mode', 'set', 'cli-ipmi', 'bios');
    await until('boot mode bios recorded', 15_000, async () => (await states('cli-ipmi')).boot_mode === 'bios');
    expect(await history('cli-ipmi')).to.satisfy((events: string[]) =>
      events.some((e) => /applies at the node's next boot-device change/.test(e)),
    );
    await ok('node', 'boot', 'device', 'set', 'cli-ipmi', 'pxe');
    expect(bmc.bootDevice()).to.equal('pxe');
    expect(await json('node', 'show', 'cli-ipmi', '--fields', 'boot_mode', 'secure_boot', 'last_error')).to.deep.equal({
      boot_mode: 'bios',
      secure_boot: null,
      last_error: null,
    });
    await ok('node', 'boot', 'mode', 'set', 'cli-ipmi', 'uefi');
    await until('boot mode uefi recorded', 15_000, async () => (await states('cli-ipmi')).boot_mode === 'uefi');
  });

  it('ipmi: "node secure boot on" fails with a message naming the node and what to do instead', async () => {
    const uuid = (await json('node', 'show', 'cli-ipmi', '--fields', 'uuid')).uuid as string;
    const r = await bm('node', 'secure', 'boot', 'on', 'cli-ipmi');
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.include(uuid).and.include('firmware setup').and.include('redfish');
    expect((await states('cli-ipmi')).secure_boot).to.equal(null);
  });

  it('redfish: boot mode and Secure Boot change on the BMC; Secure Boot in Legacy mode is refused by the BMC and lands in last_error', async () => {
    await ok('node', 'boot', 'mode', 'set', 'cli-redfish', 'bios');
    await until(
      'Legacy on the BMC and bios on the node',
      15_000,
      async () => sim.state.bootOverride.mode === 'Legacy' && (await states('cli-redfish')).boot_mode === 'bios',
    );
    await ok('node', 'secure', 'boot', 'on', 'cli-redfish');
    const refused = await until('the BMC refusal recorded', 15_000, async () => {
      const n = await json('node', 'show', 'cli-redfish', '--fields', 'last_error', 'secure_boot');
      return n.last_error ? n : undefined;
    });
    expect(refused.last_error)
      .to.match(/secure boot state/)
      .and.match(/UEFI/);
    expect(refused.secure_boot).to.equal(null);
    expect(sim.state.secureBootEnable).to.equal(false);

    await ok('node', 'boot', 'mode', 'set', 'cli-redfish', 'uefi');
    await until(
      'UEFI on the BMC',
      15_000,
      async () => sim.state.bootOverride.mode === 'UEFI' && (await states('cli-redfish')).boot_mode === 'uefi',
    );
    await ok('node', 'secure', 'boot', 'on', 'cli-redfish');
    await until('Secure Boot on', 15_000, async () => (await states('cli-redfish')).secure_boot === true);
    expect(sim.state.secureBootEnable).to.equal(true);
    expect(await json('node', 'show', 'cli-redfish', '--fields', 'boot_mode', 'secure_boot', 'last_error')).to.deep.equal({
      boot_mode: 'uefi',
      secure_boot: true,
      last_error: null,
    });
  });
});

/** `--driver-info k=v` for each entry. */
function driverInfoArgs(info: Record<string, unknown>): string[] {
  return Object.entries(info).flatMap(([k, v]) => ['--driver-info', `${k}=${String(v)}`]);
}

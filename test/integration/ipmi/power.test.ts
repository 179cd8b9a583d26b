// IpmitoolPower and IpmitoolManagement against a real ipmi_sim with real ipmitool.
import { expect } from 'chai';
import { InvalidParameterValue, HardwareError } from '../../../core/errors.js';
import { IpmitoolManagement } from '../../../core/drivers/ipmitool/management.js';
import { IpmitoolPower } from '../../../core/drivers/ipmitool/power.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { closeIpmitool, ipmitool, nodeCtx, testConfig } from './helpers.js';

describe('ipmitool power and management against ipmi_sim', function () {
  this.timeout(30000);
  const config = testConfig();
  const power = new IpmitoolPower(config, ipmitool(config).client());
  const mgmt = new IpmitoolManagement(ipmitool(config).client());
  let bmc: Bmc;

  before(async () => {
    bmc = await startBmc();
  });
  after(async () => {
    await bmc?.stop();
    await closeIpmitool();
  });

  it('powers on and off, and reads the state back', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    expect(await power.getPowerState(ctx)).to.equal('power off');
    await power.setPowerState(ctx, 'power on');
    expect(bmc.powerState()).to.equal('on');
    expect(await power.getPowerState(ctx)).to.equal('power on');
    await power.setPowerState(ctx, 'power off');
    expect(bmc.powerState()).to.equal('off');
    expect(await power.getPowerState(ctx)).to.equal('power off');
  });

  it('soft power off turns the chassis off', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    await power.setPowerState(ctx, 'power on');
    await power.setPowerState(ctx, 'soft power off');
    expect(bmc.powerState()).to.equal('off');
  });

  it('reboot goes through off and ends on', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    await power.setPowerState(ctx, 'power on');
    const seen: string[] = [];
    const watch = setInterval(() => seen.push(bmc.powerState()), 5);
    try {
      await power.reboot(ctx, false);
    } finally {
      clearInterval(watch);
    }
    expect(bmc.powerState()).to.equal('on');
    expect(await power.getPowerState(ctx)).to.equal('power on');
    expect(seen).to.include('off');
  });

  it('reboot of an off node powers it on', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    await power.setPowerState(ctx, 'power off');
    await power.reboot(ctx, true);
    expect(bmc.powerState()).to.equal('on');
  });

  it('fails with HardwareError when the state is not reached in time', async () => {
    // A stuck chassis accepts "power off" and stays on.
    const ctx = nodeCtx(config, bmc.driverInfo());
    await power.setPowerState(ctx, 'power on');
    bmc.setStuck(true);
    try {
      const started = Date.now();
      const err = await power.setPowerState(ctx, 'power off', 2).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(HardwareError);
      expect((err as Error).message).to.match(/did not reach "power off" within 2 s \(BMC reports "power on"\)/);
      expect(Date.now() - started).to.be.within(1500, 5000);
      expect(bmc.powerState()).to.equal('on');
    } finally {
      bmc.setStuck(false);
    }
  });

  it('sets and reads the boot device', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    await mgmt.setBootDevice(ctx, 'pxe', true);
    expect(bmc.bootDevice()).to.equal('pxe');
    // ipmi_sim drops options=persistent (LAB.md), so it reads back as next-boot-only.
    expect(await mgmt.getBootDevice(ctx)).to.deep.equal({ boot_device: 'pxe', persistent: false });
    await mgmt.setBootDevice(ctx, 'disk', false, true);
    expect(await mgmt.getBootDevice(ctx)).to.deep.equal({ boot_device: 'disk', persistent: false });
    expect(bmc.bootDevice()).to.equal('default');
  });

  it('refuses unsupported boot devices before calling the BMC', async () => {
    const ctx = nodeCtx(config, bmc.driverInfo());
    const err = await mgmt.setBootDevice(ctx, 'safe', false).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(InvalidParameterValue);
    expect((err as Error).message).to.match(/pxe, disk, cdrom, bios/);
  });

  it('reports an NMI the BMC refuses as a HardwareError naming the BMC', async () => {
    // ipmi_sim answers "chassis power diag" with "Invalid data field in request".
    const ctx = nodeCtx(config, bmc.driverInfo());
    const err = await mgmt.injectNmi(ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    expect((err as Error).message)
      .to.contain(`127.0.0.1:${bmc.port}`)
      .and.match(/Invalid data field/);
  });

  it('validate checks driver_info without touching the BMC', async () => {
    await power.validate(nodeCtx(config, bmc.driverInfo()));
    await mgmt.validate(nodeCtx(config, bmc.driverInfo()));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /ipmi_address is required/],
      [{ ipmi_address: '10.0.0.1', ipmi_port: 'x' }, /ipmi_port must be an integer from 1 to 65535/],
      [{ ipmi_address: '10.0.0.1', ipmi_protocol_version: '3' }, /ipmi_protocol_version must be "2.0" or "1.5"/],
      [{ ipmi_address: '10.0.0.1', ipmi_priv_level: 'god' }, /ipmi_priv_level must be one of ADMINISTRATOR/],
      [{ ipmi_address: '10.0.0.1', ipmi_bridging: 'single' }, /ipmi_target_channel is required/],
      [{ ipmi_address: '10.0.0.1', ipmi_bridging: 'triple' }, /ipmi_bridging must be one of no, single, dual/],
      [{ ipmi_address: '-oProxyCommand' }, /not a host name/],
      [{ ipmi_address: '10.0.0.1', ipmi_cipher_suite: 3, ipmi_protocol_version: '1.5' }, /cipher_suite applies only/],
    ];
    for (const [info, re] of cases) {
      const err = await power.validate(nodeCtx(config, info)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(info)).to.be.instanceOf(InvalidParameterValue);
      expect((err as Error).message).to.match(re);
    }
  });
});

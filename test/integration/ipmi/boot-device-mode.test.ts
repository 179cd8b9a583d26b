// The iPXE boot interface over ipmitool against ipmi_sim: the boot device it sets for the ramdisk
// (pxe) and, after a deploy, for the installed OS (disk, persistent) carries the EFI flag of the
// node's target boot mode (core/boot/boot-mode.ts): UEFI by default, BIOS when the node asks.
import { expect } from 'chai';
import fs from 'node:fs';
import type { NodeInterfaces } from '../../../core/drivers/interfaces/kinds.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { IpxeBoot } from '../../../core/drivers/ipxe/boot.js';
import { IpmitoolManagement } from '../../../core/drivers/ipmitool/management.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { closeIpmitool, ipmitool, nodeCtx, recordingExec, testConfig, type Recorded } from './helpers.js';

describe('ipxe boot over ipmitool: boot devices in the target boot mode (ipmi_sim)', function () {
  this.timeout(60_000);
  let bmc: Bmc;
  const calls: Recorded[] = [];
  // The flags are read from ipmitool's argv (ipmi_sim drops them): the ipmitool client.
  const config = testConfig({ client: 'ipmitool' });
  const boot = new IpxeBoot();
  let management: IpmitoolManagement;

  before(async () => {
    bmc = await startBmc();
    management = new IpmitoolManagement(ipmitool(config).client(config, recordingExec(fs, calls)));
  });
  after(async () => {
    await bmc?.stop();
    await closeIpmitool();
  });

  /** A node context with the given fields, whose driver's management is the recording ipmitool one. */
  function ctxWith(fields: Record<string, unknown>): NodeContext {
    const base = nodeCtx(config, bmc.driverInfo());
    return { ...base, node: { ...base.node, ...fields }, driver: { management } as unknown as NodeInterfaces };
  }
  /** The options of the last `chassis bootdev` ipmitool ran. */
  const lastBootdev = () => {
    const args = calls
      .map((c) => c.req.args)
      .filter((a) => a.includes('bootdev'))
      .at(-1)!;
    return args.slice(args.indexOf('bootdev') + 1).join(' ');
  };

  it('UEFI by default: pxe for the ramdisk and disk for the instance carry efiboot', async () => {
    const ctx = ctxWith({});
    await boot.prepareRamdisk(ctx);
    expect(lastBootdev()).to.equal('pxe options=persistent,efiboot');
    expect(bmc.bootDevice()).to.equal('pxe');
    await boot.prepareInstance(ctx);
    expect(lastBootdev()).to.equal('disk options=persistent,efiboot');
    expect(bmc.bootDevice()).to.equal('default');
  });

  it('the boot_mode:bios capability: no EFI flag', async () => {
    await boot.prepareInstance(ctxWith({ properties: { capabilities: 'boot_mode:bios' } }));
    expect(lastBootdev()).to.equal('disk options=persistent');
  });

  it("instance_info/deploy_boot_mode wins over the capability and the node's recorded mode", async () => {
    await boot.prepareInstance(
      ctxWith({ instance_info: { deploy_boot_mode: 'uefi' }, properties: { capabilities: 'boot_mode:bios' }, boot_mode: 'bios' }),
    );
    expect(lastBootdev()).to.equal('disk options=persistent,efiboot');
  });
});

// The IpmiClient contract (core/drivers/ipmitool/ipmi-client.ts), one file run against every
// client against a real ipmi_sim: power, boot flags, Get Device ID, raw, BMC reset, a wrong
// password, and the native client's fallback to ipmitool for what it does not speak.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../core/config.js';
import { HardwareError } from '../../../core/errors.js';
import { parseDriverInfo, type IpmiTarget } from '../../../core/drivers/ipmitool/driver-info.js';
import type { IpmiCallOptions, IpmiClient, IpmiClientKind } from '../../../core/drivers/ipmitool/ipmi-client.js';
import { nativeIpmiFactory } from '../../../core/drivers/ipmitool/native.js';
import { IpmitoolResources } from '../../../core/drivers/ipmitool/resources.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { until } from '../../helpers/until.js';
import { testLogger } from '../../helpers/test-logger.js';
import { testConfig } from './helpers.js';

// Without the native client on this branch (core/drivers/ipmitool/native.ts), only ipmitool runs.
const NATIVE = nativeIpmiFactory;

const KINDS: IpmiClientKind[] = NATIVE ? ['native', 'ipmitool'] : ['ipmitool'];

const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the call succeeded'),
    (e: unknown) => e as Error,
  );

for (const kind of KINDS) {
  describe(`IpmiClient "${kind}" against ipmi_sim`, function () {
    this.timeout(60_000);
    const config: Config = testConfig({ client: kind });
    let resources: IpmitoolResources;
    let client: IpmiClient;
    let bmc: Bmc;
    let target: IpmiTarget;
    const opts: IpmiCallOptions = { log: testLogger().child({ test: `ipmi-client-${kind}` }) };

    before(async () => {
      bmc = await startBmc();
      target = parseDriverInfo(bmc.driverInfo());
      resources = new IpmitoolResources(config, undefined, NATIVE);
      client = resources.client();
    });
    after(async () => {
      await resources?.close();
      await bmc?.stop();
    });

    it(`is the ${kind} client`, () => {
      expect(client.kind).to.equal(kind);
    });

    it('reads and changes the chassis power: on, off, soft off', async () => {
      await client.chassisControl(target, 'on', opts);
      expect(bmc.powerState()).to.equal('on');
      expect(await client.powerStatus(target, opts)).to.equal('power on');
      await client.chassisControl(target, 'off', opts);
      expect(bmc.powerState()).to.equal('off');
      expect(await client.powerStatus(target, opts)).to.equal('power off');
      await client.chassisControl(target, 'on', opts);
      await client.chassisControl(target, 'soft', opts);
      expect(bmc.powerState()).to.equal('off');
    });

    it('hard reset and power cycle reach the chassis and leave it on', async () => {
      await client.chassisControl(target, 'on', opts);
      const before = resetCount(bmc);
      await client.chassisControl(target, 'reset', opts);
      await until('the chassis saw the reset', 10_000, () => resetCount(bmc) > before);
      await client.chassisControl(target, 'cycle', opts);
      await until('the chassis is on after the cycle', 10_000, async () => (await client.powerStatus(target, opts)) === 'power on');
    });

    // ipmi_sim keeps the device but drops the persistent and EFI bits of the boot flags
    // (test/integration/ipmi/fixtures/README.md), and reads them back as "next boot, legacy":
    // every combination must be accepted and the device must round-trip; what each client puts on
    // the wire for the flags is checked where the request is built.
    for (const persistent of [true, false]) {
      for (const efi of [true, false]) {
        it(`sets and reads back the boot device (persistent ${persistent}, EFI ${efi})`, async () => {
          for (const device of ['pxe', 'disk', 'cdrom', 'bios'] as const) {
            await client.setBootDevice(target, device, { persistent, efi }, opts);
            expect(await client.getBootDevice(target, opts)).to.deep.equal({ boot_device: device, persistent: false, efi: false });
          }
          await client.setBootDevice(target, 'pxe', { persistent, efi }, opts);
          expect(bmc.bootDevice()).to.equal('pxe');
        });
      }
    }

    // cmds.emu: mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 (test/bench/lab/bmc.ts).
    it('reads Get Device ID as the simulator was configured', async () => {
      expect(await client.deviceId(target, opts)).to.deep.equal({
        device_id: 0,
        device_revision: 0x03,
        firmware_revision: '9.08',
        ipmi_version: '2.0',
        manufacturer_id: 0x1291,
        product_id: 0xf02,
      });
    });

    it('sends raw requests: Get Device ID as bytes, and a refused command as a HardwareError', async () => {
      const { data } = await client.raw(target, 0x06, 0x01, [], opts);
      expect([...data.subarray(0, 5)]).to.deep.equal([0x00, 0x03, 0x09, 0x08, 0x02]);
      expect([...data.subarray(6, 11)]).to.deep.equal([0x91, 0x12, 0x00, 0x02, 0x0f]);
      // Chassis Control "power up" through raw bytes reaches the chassis like chassisControl.
      await client.chassisControl(target, 'off', opts);
      await client.raw(target, 0x00, 0x02, [0x01], opts);
      expect(bmc.powerState()).to.equal('on');
      const err = await fail(client.raw(target, 0x06, 0x7f, [], opts));
      expect(err).to.be.instanceOf(HardwareError);
      expect(err.message).to.contain(`BMC ${target.address}:${target.port}`);
    });

    // ipmi_sim implements neither reset and answers both with "invalid command" (0xc1). ipmitool
    // sends Cold Reset without waiting for an answer (a BMC may restart before it replies), so
    // only the native client can report the cold refusal; both must report the warm one.
    it('resets the BMC: ipmi_sim refuses (warm: both clients say so; cold: ipmitool does not wait to hear)', async () => {
      const cold = client.bmcReset(target, 'cold', opts);
      if (kind === 'native') expect(await fail(cold)).to.be.instanceOf(HardwareError);
      else await cold;
      await until('the BMC answers after the cold reset', 15_000, () => client.powerStatus(target, opts).then(Boolean, () => false));
      const err = await fail(client.bmcReset(target, 'warm', opts));
      expect(err).to.be.instanceOf(HardwareError);
      expect(err.message).to.contain(`BMC ${target.address}:${target.port}`);
    });

    it('a wrong password fails once, at once, with the credentials message and no password', async () => {
      // A budget long enough that a retried authentication failure would show in the time taken.
      const patient = new IpmitoolResources(testConfig({ client: kind, command_retry_timeout: 30 }), undefined, NATIVE);
      try {
        const started = Date.now();
        const err = await fail(patient.client().powerStatus({ ...target, password: 'wrong-secret' }, opts));
        expect(Date.now() - started).to.be.below(5_000);
        expect(err).to.be.instanceOf(HardwareError);
        expect(err.message).to.match(/rejected the credentials/);
        expect(err.message).to.contain('ipmi_password');
        expect(err.message).not.to.contain('wrong-secret');
      } finally {
        await patient.close();
      }
    });

    it('an IPMI 1.5 (lan) target works too: through ipmitool when the client is native', async () => {
      const lan = parseDriverInfo({ ...bmc.driverInfo(), ipmi_cipher_suite: undefined, ipmi_protocol_version: '1.5' });
      const { log, lines } = captureLogger();
      await client.chassisControl(lan, 'on', { log });
      expect(await client.powerStatus(lan, { log })).to.equal('power on');
      await client.chassisControl(lan, 'off', { log });
      expect(bmc.powerState()).to.equal('off');
      // The selecting client says why, once per BMC however many calls fall back.
      const fallbacks = lines().filter((l) => l.reason !== undefined);
      expect(fallbacks.map((l) => l.bmc)).to.deep.equal(kind === 'native' ? [`${lan.address}:${lan.port}`] : []);
      if (kind === 'native') expect(String(fallbacks[0]!.reason)).to.contain('1.5');
    });
  });
}

/** Hard resets the chassis has seen (chassis-control.sh appends one line per reset). */
function resetCount(bmc: Bmc): number {
  const file = path.join(bmc.dir, 'resets');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

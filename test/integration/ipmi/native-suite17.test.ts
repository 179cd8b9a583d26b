// Cipher suite 17 (RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128) end to end. OpenIPMI's
// ipmi_sim 2.0.33, the only BMC this machine has, refuses suite 17 (Open Session status 0x04), so
// the peer here is test/helpers/rmcp-test-bmc/: a minimal IPMI 2.0 LAN responder written from the
// spec, importing nothing from core/ipmi/. It is a stand-in only for what cannot exist here, and
// it earns trust first: the real `ipmitool -I lanplus` must drive it with -C 17 and -C 3 (power,
// boot flags read back, mc info, a wrong password refused) before the native client is judged
// against it with the same scenarios.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HardwareError } from '../../../core/errors.js';
import { parseDriverInfo, type IpmiTarget } from '../../../core/drivers/ipmitool/driver-info.js';
import type { NativeIpmiClient } from '../../../core/ipmi/native-client.js';
import { hardwareRejection as rejection } from '../../helpers/rejection.js';
import { startRmcpTestBmc, type RmcpTestBmc } from '../../helpers/rmcp-test-bmc/server.js';
import { call, nativeClient } from './native-helpers.js';

const execFileP = promisify(execFile);
const PXE_PERSISTENT_EFI = 'e004000000';

describe('cipher suite 17 against an ipmitool-validated RMCP+ test responder', function () {
  this.timeout(30000);
  let bmc: RmcpTestBmc;
  const ipmitoolFailures: string[] = [];

  before(async () => {
    bmc = await startRmcpTestBmc({ username: 'admin', password: 'suite17-secret' });
  });
  after(async () => {
    await bmc?.stop();
  });

  /** The real ipmitool (asynchronous: the responder lives in this process's event loop). */
  async function ipmitool(suite: number, args: string[], creds = { user: bmc.username, password: bmc.password }): Promise<string> {
    const argv = [
      '-I',
      'lanplus',
      '-C',
      String(suite),
      '-N',
      '1',
      '-R',
      '2',
      '-H',
      '127.0.0.1',
      '-p',
      String(bmc.port),
      '-U',
      creds.user,
      '-E',
      ...args,
    ];
    const { stdout } = await execFileP('ipmitool', argv, { env: { ...process.env, IPMI_PASSWORD: creds.password } });
    return stdout;
  }

  async function ipmitoolFails(suite: number, creds: { user: string; password: string }): Promise<string> {
    // -v: ipmitool names the RAKP status only when verbose.
    const failed = await ipmitool(suite, ['-v', 'power', 'status'], creds).then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? 'failed',
    );
    expect(failed, 'ipmitool should have failed').to.be.a('string');
    return failed!;
  }

  describe('first, ipmitool accepts the responder', () => {
    afterEach(function () {
      if (this.currentTest?.state !== 'passed') ipmitoolFailures.push(this.currentTest?.title ?? '?');
    });

    for (const suite of [17, 3]) {
      it(`-C ${suite}: power status, on and off`, async () => {
        expect(await ipmitool(suite, ['power', 'on'])).to.match(/Chassis Power Control: Up\/On/);
        expect(bmc.state.power).to.equal('on');
        expect(await ipmitool(suite, ['power', 'status'])).to.match(/Chassis Power is on/);
        expect(await ipmitool(suite, ['power', 'off'])).to.match(/Chassis Power Control: Down\/Off/);
        expect(await ipmitool(suite, ['power', 'status'])).to.match(/Chassis Power is off/);
        expect(bmc.establishedSuites.at(-1)).to.equal(suite);
      });

      it(`-C ${suite}: chassis bootdev pxe persistent EFI, read back with bootparam get 5`, async () => {
        bmc.state.bootFlags = Buffer.alloc(5);
        expect(await ipmitool(suite, ['chassis', 'bootdev', 'pxe', 'options=persistent,efiboot'])).to.match(/Set Boot Device to pxe/);
        expect(bmc.state.bootFlags.toString('hex')).to.equal(PXE_PERSISTENT_EFI);
        const read = await ipmitool(suite, ['chassis', 'bootparam', 'get', '5']);
        expect(read).to.include(`Boot parameter data: ${PXE_PERSISTENT_EFI}`);
        expect(read).to.include('Options apply to all future boots');
        expect(read).to.include('BIOS EFI boot');
        expect(read).to.include('Boot Device Selector : Force PXE');
      });

      it(`-C ${suite}: mc info`, async () => {
        const info = await ipmitool(suite, ['mc', 'info']);
        expect(info).to.include(`Manufacturer ID           : ${bmc.state.identity.manufacturerId}`);
        expect(info).to.include('Firmware Revision         : 3.17');
        expect(info).to.include('IPMI Version              : 2.0');
      });

      it(`-C ${suite}: a wrong password and an unknown user are refused`, async () => {
        expect(await ipmitoolFails(suite, { user: bmc.username, password: 'not-the-password' })).to.match(/Unable to establish IPMI v2/);
        // Unknown name: RAKP 2 status 0x0d, which ipmitool names.
        expect(await ipmitoolFails(suite, { user: 'nobody', password: bmc.password })).to.match(/unauthorized name/);
      });
    }

    it('every session ipmitool opened was closed, and it needed no command the responder lacks', () => {
      expect(bmc.activeSessions).to.equal(0);
      // ipmitool probes for PICMG/VSO (netFn 0x2c) when it opens a session; "invalid command" is a fine answer.
      expect(bmc.state.unhandled.filter((c) => !c.startsWith('2c/'))).to.deep.equal([]);
    });
  });

  describe('then, the native client with suite 17 and with no suite named', () => {
    let client: NativeIpmiClient;

    before(function () {
      if (ipmitoolFailures.length > 0)
        throw new Error(`ipmitool did not accept the responder (${ipmitoolFailures.join('; ')}): not judging the native client against it`);
    });
    beforeEach(() => {
      client = nativeClient();
    });
    afterEach(async () => {
      await client.close();
    });

    function target(overrides: Record<string, unknown> = {}): IpmiTarget {
      return parseDriverInfo({
        ipmi_address: '127.0.0.1',
        ipmi_port: bmc.port,
        ipmi_username: bmc.username,
        ipmi_password: bmc.password,
        ...overrides,
      });
    }

    for (const suite of [17, undefined]) {
      const name = suite === undefined ? 'no suite named' : `suite ${suite}`;

      it(`${name}: opens suite 17 at the first Open Session`, async () => {
        const before = bmc.openSessionRequests;
        expect(await client.powerStatus(target({ ipmi_cipher_suite: suite }), call)).to.be.oneOf(['power on', 'power off']);
        expect(bmc.openSessionRequests - before).to.equal(1);
        expect(bmc.establishedSuites.at(-1)).to.equal(17);
      });

      it(`${name}: power on and off as the chassis keeps it`, async () => {
        const t = target({ ipmi_cipher_suite: suite });
        await client.chassisControl(t, 'on', call);
        expect(bmc.state.power).to.equal('on');
        expect(await client.powerStatus(t, call)).to.equal('power on');
        await client.chassisControl(t, 'off', call);
        expect(bmc.state.power).to.equal('off');
        expect(await client.powerStatus(t, call)).to.equal('power off');
      });

      it(`${name}: boot device pxe persistent EFI, the same bytes ipmitool set, and read back`, async () => {
        const t = target({ ipmi_cipher_suite: suite });
        bmc.state.bootFlags = Buffer.alloc(5);
        await client.setBootDevice(t, 'pxe', { persistent: true, efi: true }, call);
        expect(bmc.state.bootFlags.toString('hex')).to.equal(PXE_PERSISTENT_EFI);
        expect(await client.getBootDevice(t, call)).to.deep.equal({ boot_device: 'pxe', persistent: true, efi: true });
        await client.setBootDevice(t, 'disk', { persistent: false, efi: false }, call);
        expect(await client.getBootDevice(t, call)).to.deep.equal({ boot_device: 'disk', persistent: false, efi: false });
      });

      it(`${name}: Get Device ID as ipmitool's mc info reads it`, async () => {
        const id = await client.deviceId(target({ ipmi_cipher_suite: suite }), call);
        expect(id).to.include({
          firmware_revision: '3.17',
          ipmi_version: '2.0',
          manufacturer_id: bmc.state.identity.manufacturerId,
          product_id: 0x0117,
        });
      });
    }

    it('a wrong password fails after one Open Session with the credentials message, never showing it', async () => {
      const before = bmc.openSessionRequests;
      const err = await rejection(client.powerStatus(target({ ipmi_cipher_suite: 17, ipmi_password: 'not-the-password' }), call));
      expect(bmc.openSessionRequests - before).to.equal(1);
      expect(err).to.be.instanceOf(HardwareError);
      expect(err.message).to.include(`BMC 127.0.0.1:${bmc.port}`);
      expect(err.message).to.include('the BMC rejected the credentials');
      expect(err.message).to.include('Check ipmi_username, ipmi_password and ipmi_priv_level');
      expect(err.message).not.to.include('not-the-password');
    });

    it('an unknown user fails after one Open Session (RAKP 2 unauthorized name)', async () => {
      const before = bmc.openSessionRequests;
      const err = await rejection(client.powerStatus(target({ ipmi_cipher_suite: 17, ipmi_username: 'nobody' }), call));
      expect(bmc.openSessionRequests - before).to.equal(1);
      expect(err.message).to.include('the BMC rejected the credentials');
    });

    it('closing the client closes its sessions on the responder', async () => {
      await client.powerStatus(target({ ipmi_cipher_suite: 17 }), call);
      expect(bmc.activeSessions).to.be.above(0);
      await client.close();
      expect(bmc.activeSessions).to.equal(0);
    });
  });
});

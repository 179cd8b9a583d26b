// The native RMCP+ client against a real OpenIPMI ipmi_sim: every command with cipher suite 3,
// negotiation when no suite is named, and what happens with suite 17, which this ipmi_sim
// (OpenIPMI 2.0.33 lanserv) does not offer: it answers Open Session with status 0x04 (invalid
// authentication algorithm), exactly as `ipmitool -I lanplus -C 17` reports against it. Wrong
// credentials fail at once, after a single Open Session.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { HardwareError } from '../../../core/errors.js';
import type { NativeIpmiClient } from '../../../core/ipmi/native-client.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { hardwareRejection as rejection } from '../../helpers/rejection.js';
import { startUdpProxy, type UdpProxy } from '../../helpers/udp-proxy.js';
import { call, nativeClient, target } from './native-helpers.js';

describe('native IPMI client against ipmi_sim: cipher suites and credentials', function () {
  this.timeout(30000);
  let bmc: Bmc;
  let proxy: UdpProxy;
  let client: NativeIpmiClient;

  before(async () => {
    bmc = await startBmc();
    proxy = await startUdpProxy({ target: { address: '127.0.0.1', port: bmc.port } });
  });
  beforeEach(() => {
    client = nativeClient();
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await proxy?.close();
    await bmc?.stop();
  });

  function ipmitool(...args: string[]): string {
    return execFileSync('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(bmc.port), '-U', 'admin', '-E', ...args], {
      env: { ...process.env, IPMI_PASSWORD: bmc.password },
    }).toString();
  }

  it('suite 3: power status, on and off as the chassis sees them', async () => {
    const t = target(bmc);
    await client.chassisControl(t, 'off', call);
    expect(bmc.powerState()).to.equal('off');
    expect(await client.powerStatus(t, call)).to.equal('power off');
    await client.chassisControl(t, 'on', call);
    expect(bmc.powerState()).to.equal('on');
    expect(await client.powerStatus(t, call)).to.equal('power on');
    expect(ipmitool('power', 'status')).to.match(/Chassis Power is on/);
    bmc.setPowerFile(false);
    expect(await client.powerStatus(t, call)).to.equal('power off');
  });

  it('suite 3: boot device set and read back, flags encoded as asked', async () => {
    const t = target(bmc);
    await client.setBootDevice(t, 'pxe', { persistent: true, efi: true }, call);
    expect(bmc.bootDevice()).to.equal('pxe');
    expect((await client.getBootDevice(t, call)).boot_device).to.equal('pxe');
    await client.setBootDevice(t, 'disk', { persistent: false, efi: false }, call);
    expect(bmc.bootDevice()).to.equal('default');
    expect((await client.getBootDevice(t, call)).boot_device).to.equal('disk');
    // ipmitool reads the same parameter the same way.
    expect(ipmitool('chassis', 'bootparam', 'get', '5')).to.match(/Force Boot from default Hard-Drive/);
    // This ipmi_sim keeps only the selector: data 1 (valid, persistent, EFI) reads back as 0,
    // for ipmitool too, so the flag bits are checked on the wire in test/unit/ipmi/commands.test.ts.
  });

  it('suite 3: Get Device ID and raw commands match what ipmitool reads', async () => {
    const t = target(bmc);
    const id = await client.deviceId(t, call);
    const info = ipmitool('mc', 'info');
    expect(info).to.include(`Firmware Revision         : ${id.firmware_revision}`);
    expect(info).to.include(`IPMI Version              : ${id.ipmi_version}`);
    expect(info).to.include(`Manufacturer ID           : ${id.manufacturer_id}`);
    expect(id.ipmi_version).to.equal('2.0');
    const raw = await client.raw(t, 0x06, 0x01, [], call);
    expect(raw.data[0]).to.equal(id.device_id);
    const err = await rejection(client.raw(t, 0x06, 0x7f, [], call));
    expect(err).to.be.instanceOf(HardwareError);
    expect(err.message).to.match(/Invalid command \(completion code 0xc1\)/);
  });

  it('no suite named: proposes 17, is refused, and opens suite 3', async () => {
    const t = target(bmc, { ipmi_cipher_suite: undefined }, proxy.port);
    const before = proxy.openSessionRequests;
    expect(await client.powerStatus(t, call)).to.be.oneOf(['power on', 'power off']);
    expect(proxy.openSessionRequests - before).to.equal(2);
    await client.powerStatus(t, call);
    expect(proxy.openSessionRequests - before).to.equal(2);
  });

  it('suite 17 named: this ipmi_sim refuses it, and the error says which suite and what to set', async () => {
    const err = await rejection(client.powerStatus(target(bmc, { ipmi_cipher_suite: 17 }), call));
    expect(err).to.be.instanceOf(HardwareError);
    expect(err.message).to.include('cipher suite 17');
    expect(err.message).to.include('invalid authentication algorithm (RMCP+ status 0x04)');
    expect(err.message).to.include('Set ipmi_cipher_suite');
  });

  it('a wrong password fails at once, after one Open Session, and never shows the password', async () => {
    const before = proxy.openSessionRequests;
    const started = Date.now();
    const err = await rejection(client.powerStatus(target(bmc, { ipmi_password: 'not-the-password' }, proxy.port), call));
    expect(Date.now() - started).to.be.below(1500);
    expect(proxy.openSessionRequests - before).to.equal(1);
    expect(err).to.be.instanceOf(HardwareError);
    expect(err.message).to.include(`BMC 127.0.0.1:${proxy.port}`);
    expect(err.message).to.include('the BMC rejected the credentials');
    expect(err.message).to.include('Check ipmi_username, ipmi_password and ipmi_priv_level');
    expect(err.message).not.to.include('not-the-password');
  });

  it('a changed password is not hidden by the open session: the wrong new one fails', async () => {
    await client.powerStatus(target(bmc), call);
    const err = await rejection(client.powerStatus(target(bmc, { ipmi_password: 'changed-wrongly' }), call));
    expect(err.message).to.include('the BMC rejected the credentials');
    expect(await client.powerStatus(target(bmc), call)).to.be.oneOf(['power on', 'power off']);
    expect(client.openSessions).to.equal(1);
  });

  it('an unknown user fails at once with the same advice', async () => {
    const before = proxy.openSessionRequests;
    const err = await rejection(client.powerStatus(target(bmc, { ipmi_username: 'nobody' }, proxy.port), call));
    expect(proxy.openSessionRequests - before).to.equal(1);
    expect(err.message).to.include('the BMC rejected the credentials');
    expect(err.message).to.include('Check ipmi_username, ipmi_password and ipmi_priv_level');
  });

  it('a wrong Kg fails RAKP 4 as a credential problem (this BMC has no Kg, so the password is its key)', async () => {
    const err = await rejection(client.powerStatus(target(bmc, { ipmi_kg_key: 'a-bmc-key-it-lacks' }), call));
    expect(err.message).to.include('RAKP 4 integrity check value does not match');
    expect(err.message).to.include('the BMC rejected the credentials');
    expect(err.message).not.to.include('a-bmc-key-it-lacks');
  });

  it('the Kg equal to the password is accepted (§13.31: no BMC key means the password is the key)', async () => {
    expect(await client.powerStatus(target(bmc, { ipmi_kg_key: bmc.password }), call)).to.be.oneOf(['power on', 'power off']);
  });
});

// The ipmi hardware type's vendor passthru (send_raw, bmc_reset) and boot mode, through the API
// in-process against a real ipmi_sim. ipmitool is reached through a wrapper that records each
// command line, so the test sees exactly what was run (and that the password never is in it):
// `[ipmi] client = ipmitool` here; the native client's raw and BMC reset are covered by
// test/integration/ipmi/ipmi-client.test.ts.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('ipmi vendor passthru and boot mode (ipmi_sim)', function () {
  this.timeout(90_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let uuid: string;
  let dir: string;
  const L = { version: 'latest' };
  const argvLog = () => fs.readFileSync(path.join(dir, 'argv.log'), 'utf8').trim().split('\n');
  const history = async () =>
    (await api.call('GET', `/v1/nodes/${uuid}/history`, undefined, L)).body.history.map((h: any) => h.event) as string[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ipmitool-rec-'));
    const wrapper = path.join(dir, 'ipmitool');
    fs.writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${dir}/argv.log'\nexec ipmitool "$@"\n`, { mode: 0o755 });
    bmc = await startBmc({ password: 'raw-secret-pw' });
    api = await startApi({
      ipmi: { client: 'ipmitool', command_timeout: 5, command_retry_timeout: 0, min_command_interval_ms: 20, ipmitool_path: wrapper },
      conductor: { sync_power_state_interval: 0 },
    });
    const node = await api.call('POST', '/v1/nodes', { driver: 'ipmi', driver_info: bmc.driverInfo() }, L);
    uuid = node.body.uuid;
    expect(node.body.vendor_interface).to.equal('ipmitool');
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists send_raw and bmc_reset as Ironic does', async () => {
    const r = await api.call('GET', `/v1/nodes/${uuid}/vendor_passthru/methods`, undefined, L);
    expect(Object.keys(r.body).sort()).to.deep.equal(['bmc_reset', 'send_raw']);
    expect(r.body.send_raw).to.include({ async: true, attach: false, require_exclusive_lock: true });
    expect(r.body.send_raw.http_methods).to.deep.equal(['POST']);
  });

  it('send_raw runs ipmitool raw: the BMC powers the chassis on (0x00 0x02 0x01)', async () => {
    expect(bmc.powerState()).to.equal('off');
    const r = await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=send_raw`, { raw_bytes: '0x00 0x02 0x01' }, L);
    expect(r.status).to.equal(202);
    await until('the chassis powered on by the raw command', 15_000, () => bmc.powerState() === 'on');
    await until('send_raw finished', 10_000, async () => (await history()).some((e) => /send_raw finished/.test(e)));
    const raw = argvLog().find((l) => / raw 0x00 0x02 0x01$/.test(l));
    expect(raw, argvLog().join('\n')).to.not.equal(undefined);
    expect(argvLog().join('\n')).to.not.include('raw-secret-pw');
  });

  it('send_raw with bad bytes is a 400 before anything runs', async () => {
    const before = argvLog().length;
    for (const raw_bytes of ['0x00', 'zz 0x01', undefined]) {
      const r = await api.call(
        'POST',
        `/v1/nodes/${uuid}/vendor_passthru?method=send_raw`,
        raw_bytes === undefined ? {} : { raw_bytes },
        L,
      );
      expect(r.status).to.equal(400);
      expect(r.message).to.match(/raw_bytes/);
    }
    expect(argvLog().length).to.equal(before);
  });

  it('bmc_reset warm=false runs "bmc reset cold"; a refused warm reset lands in the history', async () => {
    expect((await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=bmc_reset`, { warm: 'false' }, L)).status).to.equal(202);
    await until('bmc_reset finished', 15_000, async () => (await history()).some((e) => /bmc_reset finished/.test(e)));
    expect(argvLog().some((l) => / bmc reset cold$/.test(l))).to.equal(true);
    // ipmi_sim does not implement the warm reset command: the failure is recorded, not lost.
    expect((await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=bmc_reset`, { warm: true }, L)).status).to.equal(202);
    await until('bmc_reset failure', 15_000, async () => (await history()).some((e) => /bmc_reset failed: .*bmc reset warm/.test(e)));
    expect((await api.call('POST', `/v1/nodes/${uuid}/vendor_passthru?method=bmc_reset`, { warm: 'sometimes' }, L)).status).to.equal(400);
  });

  it('boot devices carry the EFI flag by default (UEFI); states/boot_mode bios is recorded and applies at the next boot-device change', async () => {
    await api.call('PUT', `/v1/nodes/${uuid}/management/boot_device`, { boot_device: 'disk' }, L);
    expect(argvLog().at(-1)).to.match(/ chassis bootdev disk options=efiboot$/);
    const commandsBefore = argvLog().length;
    const r = await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'bios' }, L);
    expect(r.status).to.equal(202);
    await until(
      'boot_mode bios',
      15_000,
      async () => (await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, L)).body.boot_mode === 'bios',
    );
    // Recorded only: IPMI has no boot mode command, so nothing was sent to the BMC.
    expect(argvLog().length).to.equal(commandsBefore);
    expect((await history()).some((e) => /Boot mode changed.*next boot-device change/.test(e))).to.equal(true);
    await api.call('PUT', `/v1/nodes/${uuid}/management/boot_device`, { boot_device: 'pxe' }, L);
    expect(argvLog().at(-1)).to.match(/ chassis bootdev pxe$/);
    expect(bmc.bootDevice()).to.equal('pxe');
  });

  it('a boot_mode capability wins over the recorded mode, and the history says so', async () => {
    await api.call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'add', path: '/properties/capabilities', value: 'boot_mode:uefi' }], L);
    expect((await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'bios' }, L)).status).to.equal(202);
    await until('the note about the capability', 15_000, async () =>
      (await history()).some((e) => /boot_mode capability .* asks for uefi and wins/.test(e)),
    );
    await api.call('PUT', `/v1/nodes/${uuid}/management/boot_device`, { boot_device: 'disk' }, L);
    expect(argvLog().at(-1)).to.match(/ chassis bootdev disk options=efiboot$/);
    await api.call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'remove', path: '/properties/capabilities' }], L);
  });

  it('secure boot is not supported by ipmitool: 400', async () => {
    const r = await api.call('PUT', `/v1/nodes/${uuid}/states/secure_boot`, { target: true }, L);
    expect(r.status).to.equal(400);
    expect(r.message).to.match(/not supported by the ipmitool management interface/);
    expect(r.message).to.include(uuid).and.include('firmware setup').and.include('redfish');
    expect((await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, L)).body.secure_boot).to.equal(null);
  });
});

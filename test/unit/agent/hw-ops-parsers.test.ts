// Parsers of the hardware-operation tools, on output captured from the real tools on this
// machine (stress-ng 0.15, fio 3.33, smartctl 7.3: see hw-ops-fixtures/). fwupdmgr is not
// installed here: fwupdmgr-get-devices.json was written from fwupd's documented JSON format
// (`fwupdmgr get-devices --json`), not captured.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fioFailure, parseFioJson } from '../../../agent/burnin/fio.js';
import { parseSmartJson } from '../../../agent/burnin/smart.js';
import { parseStressNgYaml } from '../../../agent/burnin/stress-ng.js';
import { parseFwupdDevices } from '../../../agent/firmware/fwupd.js';
import { parseChecksum } from '../../../agent/firmware/download.js';
import { parseMdstat, planArrays } from '../../../agent/raid/config.js';
import { settingProblem } from '../../../agent/bios/plugin.js';
import { LAB_REGISTRY } from '../../../agent/bios/lab-nvram.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hw-ops-fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('hardware operations: tool output parsers', () => {
  it('reads stress-ng --metrics-brief --yaml (cpu and vm stressors)', () => {
    const cpu = parseStressNgYaml(fixture('stress-ng-cpu.yaml'));
    expect(cpu).to.have.length(1);
    expect(cpu[0]).to.include({ stressor: 'cpu', bogo_ops: 3480, bogo_ops_per_s: 1739.707374, wall_clock_s: 2.000336 });
    const vm = parseStressNgYaml(fixture('stress-ng-vm.yaml'));
    expect(vm[0]!.stressor).to.equal('vm');
    expect(vm[0]!.bogo_ops).to.equal(156683);
  });

  it('reads fio randrw JSON: bandwidth, IOPS and no error', () => {
    const r = parseFioJson(fixture('fio-randrw.json'));
    expect(r.jobs[0]).to.include({ job: 'burnin', error: 0, read_bw_kib_s: 74472, write_bw_kib_s: 350666, read_iops: 18618 });
    expect(fioFailure(r)).to.equal(null);
  });

  it('finds the verify error in a failed fio run (error line before the JSON, finding on stderr)', () => {
    const r = parseFioJson(fixture('fio-verify-fail.json'));
    expect(r.jobs[0]!.error).to.equal(84);
    expect(r.messages[0]).to.match(/^fio: pid=\d+, err=84/);
    const stderr = 'verify: bad magic header 6167, wanted acca at file bad.img offset 81920, length 4096';
    expect(fioFailure(r, stderr)).to.equal(`fio job w error 84: ${stderr}`);
  });

  it('reads fio net engine JSON (client side writes)', () => {
    const r = parseFioJson(fixture('fio-net-client.json'));
    expect(r.jobs[0]!.write_bw_kib_s).to.be.greaterThan(0);
    expect(r.jobs[0]!.error).to.equal(0);
  });

  it('takes a disk without SMART as unsupported, and a failed verdict as failing', () => {
    expect(parseSmartJson('/dev/vda', fixture('smartctl-no-smart.json'))).to.deep.equal({
      device: '/dev/vda',
      supported: false,
      passed: null,
      message: '/dev/vda: Unable to detect device type',
    });
    // Written from smartctl's JSON format (exit status bit 3, smart_status.passed=false): no
    // failing disk exists here to capture it from.
    const failing = JSON.stringify({ smartctl: { exit_status: 8 }, smart_status: { passed: false } });
    expect(parseSmartJson('/dev/sdb', failing)).to.include({ supported: true, passed: false });
    const ok = JSON.stringify({ smartctl: { exit_status: 0 }, smart_status: { passed: true } });
    expect(parseSmartJson('/dev/sdb', ok)).to.include({ supported: true, passed: true });
  });

  it('reads fwupdmgr get-devices --json: system firmware as bios, devices without a version left out', () => {
    expect(parseFwupdDevices(fixture('fwupdmgr-get-devices.json'))).to.deep.equal({ bios: '0.1.31', 'Ethernet Controller X710': '8.30' });
  });

  it('parses firmware checksums and refuses a digest of the wrong length', () => {
    expect(parseChecksum(`sha256:${'A'.repeat(64)}`)).to.deep.equal({ algo: 'sha256', hex: 'a'.repeat(64) });
    expect(parseChecksum('b'.repeat(32)).algo).to.equal('md5');
    expect(() => parseChecksum(`sha256:${'a'.repeat(32)}`)).to.throw(/not "sha256/);
  });

  it('plans md arrays from a target_raid_config and reads /proc/mdstat', () => {
    const plans = planArrays(
      {
        logical_disks: [
          { size_gb: 'MAX', raid_level: '1+0', physical_disks: ['/dev/a', '/dev/b', '/dev/c', { name: '/dev/d' }], is_root_volume: true },
        ],
      },
      [],
    );
    expect(plans[0]).to.include({ device: '/dev/md0', level: '10', size_kib: null, is_root_volume: true });
    expect(() => planArrays({ logical_disks: [{ size_gb: 10, raid_level: '5', physical_disks: ['/dev/a', '/dev/b'] }] }, [])).to.throw(
      /at least 3 disks/,
    );
    expect(() =>
      planArrays(
        {
          logical_disks: [
            { size_gb: 10, raid_level: '1', physical_disks: ['/dev/a', '/dev/b'] },
            { size_gb: 10, raid_level: '1', physical_disks: ['/dev/b', '/dev/c'] },
          ],
        },
        [],
      ),
    ).to.throw(/already in another logical disk/);
    const mdstat =
      'Personalities : [raid1]\nmd0 : active raid1 vdc[1] vdb[0]\n      10476544 blocks super 1.2 [2/2] [UU]\n\nunused devices: <none>\n';
    expect(parseMdstat(mdstat)).to.deep.equal({ '/dev/md0': ['/dev/vdc', '/dev/vdb'] });
  });

  it('checks BIOS values against a registry', () => {
    const reg = (n: string) => LAB_REGISTRY.find((a) => a.name === n);
    expect(settingProblem(reg('HyperThreading'), 'HyperThreading', 'Disabled')).to.equal(null);
    expect(settingProblem(reg('HyperThreading'), 'HyperThreading', 'Off')).to.match(/allowed values are Enabled, Disabled/);
    expect(settingProblem(reg('SystemSerial'), 'SystemSerial', 'x')).to.match(/read-only/);
    expect(settingProblem(undefined, 'Nope', 'x')).to.match(/unknown BIOS setting "Nope"/);
    expect(settingProblem(reg('BootTimeoutSeconds'), 'BootTimeoutSeconds', '301')).to.match(/at most 300/);
  });
});

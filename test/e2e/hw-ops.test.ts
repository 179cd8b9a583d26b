// End to end: hardware operations as ONE manual clean on a lab machine (one VM boot), with the
// real pieces: `tyr server` as a child process, a lab node (ipmi_sim BMC → QEMU/TCG VM with two
// extra sparse virtio disks, /dev/vdb and /dev/vdc), and Tyr's real ramdisk built with the
// TEST-ONLY tyr-lab-hwops element. The clean runs, in order:
//   burnin_cpu (real stress-ng, 5 s), burnin_disk (real fio randrw+verify over 8 MiB of /dev/vdb),
//   update_firmware through the TEST-ONLY lab-file updater plugin (a VM has no firmware to flash:
//   the plugin records the version in a store on the VM's disk; download and checksum are real),
//   bios apply_configuration through the TEST-ONLY lab NVRAM store (also on the VM's disk),
//   raid create_configuration: RAID-1 over the two extra disks with the real mdadm.
// Booting an instance from the md volume is out of scope (core/drivers/ramdisk-agent/README-raid.md):
// the test checks raid_config and the md superblocks on the disk files.
import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { labDown, type Lab, type LabNode } from '../bench/lab/lab.js';
import { labFor, startLabTyr } from './lab-tyr.js';
import { decodeRegion, LAB_REGIONS } from '../../agent/firmware/lab-store.js';
import { readBytes } from '../helpers/disk-bytes.js';
import type { TyrProcess } from '../helpers/tyr-process.js';
import { MINUTE } from '../helpers/until.js';

type Json = Record<string, any>;

/** mdadm metadata 1.2: the superblock is 4 KiB into each member, magic 0xa92b4efc (LE). */
const MD_MAGIC_1_2 = Buffer.from([0xfc, 0x4e, 0x2b, 0xa9]);

describe('e2e: burn-in, firmware, BIOS and RAID in one manual clean on a lab machine', function () {
  this.timeout(15 * MINUTE);
  let work: string;
  let tyr: TyrProcess | undefined;
  let lab: Lab | undefined;
  let client: TyrClient;
  let node: LabNode;
  let uuid: string;
  let bootUrl: string;
  const firmware = Buffer.from('TEST-ONLY BMC firmware 2.0.0 for the lab-file updater\n');

  const api = async (p: string, version: string) => {
    // X-Tyr-Extensions: /firmware is Ironic's 1.86, beyond Tyr's maximum, so Tyr's clients opt in.
    const res = await fetch(`${tyr!.url}${p}`, { headers: { 'X-OpenStack-Ironic-API-Version': version, 'X-Tyr-Extensions': '1' } });
    expect(res.status, `${p}: ${res.status}`).to.equal(200);
    return res.json() as Promise<Json>;
  };

  before(async function () {
    this.timeout(15 * MINUTE);
    const ramdisk = buildRamdisk({ elements: ['tyr-burnin', 'tyr-lab-hwops'], out: path.resolve('.cache/ramdisk/out-lab-hwops') });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-hwops-'));
    const fwFile = path.join(work, 'bmc-2.0.0.bin');
    fs.writeFileSync(fwFile, firmware);
    const started = await startLabTyr({ dataDir: path.join(work, 'data'), ramdisk, files: { 'fw/bmc-2.0.0.bin': fwFile } });
    tyr = started.tyr;
    bootUrl = started.bootUrl;
    client = new TyrClient({ url: tyr.url, apiVersion: 'latest' });
    lab = await labFor(started, path.join(work, 'lab'), { nodes: 1, extraDisks: 2 });
    node = lab.nodes[0]!;
    uuid = node.uuid!;
    await client.nodes.patch(uuid, [
      { op: 'replace', path: '/bios_interface', value: 'agent' },
      { op: 'replace', path: '/raid_interface', value: 'agent' },
    ]);
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
  });

  after(async function () {
    if (lab) await labDown(lab);
    await tyr?.kill();
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed');
    if (failed || process.env.TYR_E2E_KEEP) {
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
      console.log(`      kept ${work} (tyr.log, console log) for inspection`);
    } else if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('runs burnin_cpu, burnin_disk, update_firmware, BIOS apply_configuration and RAID-1 create → manageable', async () => {
    const target = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true, physical_disks: ['/dev/vdb', '/dev/vdc'] }] };
    const put = await fetch(`${tyr!.url}/v1/nodes/${uuid}/states/raid`, {
      method: 'PUT',
      body: JSON.stringify(target),
      headers: { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.12' },
    });
    expect(put.status).to.equal(204);
    const sha256 = crypto.createHash('sha256').update(firmware).digest('hex');
    const t0 = Date.now();
    await client.nodes.setProvisionState(uuid, 'clean', {
      clean_steps: [
        { interface: 'deploy', step: 'burnin_cpu', args: { duration: 5 } },
        { interface: 'deploy', step: 'burnin_disk', args: { size: '8M', devices: ['/dev/vdb'] } },
        {
          interface: 'firmware',
          step: 'update_firmware',
          args: {
            firmware_images: [
              { component: 'bmc', url: `${bootUrl}/files/fw/bmc-2.0.0.bin`, checksum: `sha256:${sha256}`, version: '2.0.0' },
            ],
          },
        },
        { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'HyperThreading', value: 'Disabled' }] } },
        { interface: 'raid', step: 'create_configuration' },
      ],
    });
    const done = (await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 10 * MINUTE, pollIntervalMs: 2000 })) as Json;
    console.log(`      manual clean with 5 hardware steps: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    expect(done.last_error, done.last_error).to.equal(null);
    expect(done.power_state).to.equal('power off');

    const history = (await api(`/v1/nodes/${uuid}/history`, '1.78')).history as { event: string }[];
    const record = (step: string) => {
      const e = history.find((h) => h.event.startsWith(`clean step ${step} done`));
      expect(e, `history of ${step}: ${history.map((h) => h.event).join(' | ')}`).to.not.equal(undefined);
      return JSON.parse(e!.event.replace(/^[^:]*: /, '')) as Json;
    };
    const cpu = record('burnin_cpu');
    expect(cpu.metrics[0].stressor).to.equal('cpu');
    expect(cpu.metrics[0].bogo_ops).to.be.greaterThan(0);
    const disk = record('burnin_disk');
    expect(disk.disks[0].device).to.equal('/dev/vdb');
    expect(disk.disks[0].fio.error).to.equal(0);
    expect(disk.disks[0].fio.read_bw_kib_s + disk.disks[0].fio.write_bw_kib_s).to.be.greaterThan(0);

    const fw = (await api(`/v1/nodes/${uuid}/firmware`, '1.82')).firmware as Json[];
    expect(fw.find((c) => c.component === 'bmc')).to.include({
      initial_version: '1.0.0',
      current_version: '2.0.0',
      last_version_flashed: '2.0.0',
    });
    const bios = (await api(`/v1/nodes/${uuid}/bios?detail=true`, '1.74')).bios as Json[];
    expect(bios.find((s) => s.name === 'HyperThreading')).to.include({ value: 'Disabled', reset_required: true });

    // What the TEST-ONLY stores wrote on the VM's first disk (lab-store.ts regions).
    const size = fs.statSync(node.disk).size;
    const region = (name: string) => decodeRegion(readBytes(node.disk, size - LAB_REGIONS[name]!, 65536));
    expect(region('firmware'), 'firmware store on the VM disk').to.include({ bmc: '2.0.0' });
    expect(region('nvram'), 'NVRAM store on the VM disk').to.deep.equal({ HyperThreading: 'Disabled' });

    const raidConfig = ((await client.nodes.get(uuid)) as Json).raid_config;
    expect(raidConfig.logical_disks).to.have.length(1);
    expect(raidConfig.logical_disks[0]).to.include({ raid_level: '1', is_root_volume: true, controller: 'software' });
    expect(raidConfig.logical_disks[0].physical_disks).to.deep.equal(['/dev/vdb', '/dev/vdc']);
    expect(raidConfig.logical_disks[0].root_device_hint).to.deep.equal({ name: '/dev/md0' });
    for (const file of node.extraDisks!) {
      expect(readBytes(file, 4096, 4).equals(MD_MAGIC_1_2), `md 1.2 superblock on ${path.basename(file)}`).to.equal(true);
    }
  });
});

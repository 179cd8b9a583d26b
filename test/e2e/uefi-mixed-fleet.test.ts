// End to end, issue #21's mixed fleet: two lab machines on one network namespace, one SeaBIOS and
// one OVMF (UEFI, Secure Boot off), deployed at the same time through the same boot server: Tyr
// in-process, its dnsmasq in the namespace (dhcp_mode dnsmasq), its TFTP and HTTP servers on the
// host end of the veth. The BIOS machine PXE boots with its NIC's iPXE ROM and gets undionly.kpxe;
// the UEFI machine's NIC has no ROM (qemu-hook.sh drops it in a namespace), so OVMF's own PXE asks
// with client architecture 7 and gets snponly.efi over TFTP, which chains to the per-MAC iPXE
// script. Both boot Tyr's real agent ramdisk, which writes the BIOS node the MBR test image and
// the UEFI node the GPT image with an ESP (Debian's shim and GRUB), then both boot their disks and
// print the instance marker. The UEFI node's driver_internal_info records how the firmware finds
// its OS (uefi_boot). Needs root (namespaces); everything it creates is removed after.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { httpBootRoot } from '../../core/boot/http-root.js';
import { loadConfig } from '../../core/config-load.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { bmcDriverInfo, labCapabilities } from '../bench/lab/enroll.js';
import { labDown, labUp, type Lab, type LabNode } from '../bench/lab/lab.js';
import { ensureSignedBootFiles } from '../bench/lab/signed-boot.js';
import { ensureTestImage, INSTANCE_MARKER, type TestImage } from '../bench/lab/test-image.js';
import { ensureUefiTestImage } from '../bench/lab/uefi-test-image.js';
import { readBytes } from '../helpers/disk-bytes.js';
import { createNetns, linkExists, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE, until } from '../helpers/until.js';
import { PhaseWatch } from './deploy-phases.js';

type Json = Record<string, any>;

const CYCLE = 12 * MINUTE; // two ramdisk boots and image writes at once, under TCG on 2 busy cores

interface FleetNode {
  lab: LabNode;
  uuid: string;
  image: TestImage;
  imageFile: string;
  loader: string;
}

describe('e2e: mixed fleet, one BIOS and one UEFI machine deployed at once through dnsmasq in a namespace', function () {
  this.timeout(CYCLE + 6 * MINUTE);
  let work: string;
  let net: TestNetns | undefined;
  let server: RunningServer | undefined;
  let lab: Lab | undefined;
  let client: TyrClient;
  const fleet: FleetNode[] = [];

  const consoleText = (n: FleetNode) => (fs.existsSync(n.lab.consoleLog) ? fs.readFileSync(n.lab.consoleLog, 'latin1') : '');
  const consoleTails = () => fleet.map((n) => `${n.lab.name} console tail:\n${consoleText(n).slice(-3000)}`).join('\n');

  before(async () => {
    requireRoot('the mixed-fleet e2e test');
    requireTool('qemu-system-x86_64');
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-fleet-'));
    const ramdisk = buildRamdisk({ log: () => undefined });
    const signed = ensureSignedBootFiles();
    net = createNetns({ taps: 2 });
    const config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: path.join(work, 'data'), log_level: 'error' },
        api: { host: net.hostAddress, port: 0 },
        boot: {
          http_host: net.hostAddress,
          http_port: 0,
          tftp_port: 69,
          tftp_address: net.hostAddress,
          dhcp_mode: 'dnsmasq',
          dhcp_interface: net.bridge,
          dhcp_range: net.dhcpRange,
          dhcp_ipv6_ra: true,
          // The host has shim-signed and grub-efi-amd64-signed unpacked in the lab cache only.
          shim_efi: signed.shim,
          grub_efi: signed.grubNet,
        },
        conductor: { sync_power_state_interval: 0, agent_command_poll_interval_ms: 1000 },
      },
    });
    server = await startServer(config, { netns: net.name });
    const bootRoot = httpBootRoot(server.config);
    fs.mkdirSync(path.join(bootRoot, 'agent'), { recursive: true });
    fs.mkdirSync(path.join(bootRoot, 'images'), { recursive: true });
    fs.copyFileSync(ramdisk.kernel, path.join(bootRoot, 'agent', 'tyr.kernel'));
    fs.copyFileSync(ramdisk.initramfs, path.join(bootRoot, 'agent', 'tyr.initramfs'));
    client = new TyrClient({ url: server.config.api.public_url, apiVersion: 'latest' });

    lab = await labUp({
      nodes: 2,
      dir: path.join(work, 'lab'),
      firmware: ['bios', 'uefi'],
      memoryMb: 1024,
      cpus: 1,
      diskGb: 4,
      netns: { name: net.name, tap: net.taps[0]!, taps: net.taps },
    });
    const plan = [
      { image: ensureTestImage(), imageFile: 'images/bios.raw', loader: 'undionly.kpxe' },
      { image: ensureUefiTestImage('debian'), imageFile: 'images/uefi.raw', loader: 'snponly.efi' },
    ];
    for (const [i, labNode] of lab.nodes.entries()) {
      const { image, imageFile, loader } = plan[i]!;
      fs.copyFileSync(image.raw, path.join(bootRoot, imageFile));
      // No ipa-advertise-* parameters (the user-mode lab's port forward): the conductor reaches
      // the agent at its address on the namespace's /24, through the veth.
      const created = await client.nodes.create({
        driver: 'ipmi',
        name: labNode.name,
        deploy_interface: 'direct',
        automated_clean: false,
        driver_info: { ...bmcDriverInfo(labNode), deploy_kernel: 'agent/tyr.kernel', deploy_ramdisk: 'agent/tyr.initramfs' },
        properties: { cpus: 1, memory_mb: 1024, local_gb: 4, cpu_arch: 'x86_64', capabilities: labCapabilities(labNode) },
        instance_info: {
          image_source: imageFile,
          image_disk_format: 'raw',
          image_os_hash_algo: 'sha256',
          image_os_hash_value: image.rawSha256,
        },
      });
      await client.ports.create({ address: labNode.mac, node_uuid: created.uuid, pxe_enabled: true });
      await client.nodes.setProvisionState(created.uuid, 'manage');
      await client.nodes.waitForProvisionState(created.uuid, 'manageable', { timeoutMs: MINUTE });
      await client.nodes.setProvisionState(created.uuid, 'provide');
      await client.nodes.waitForProvisionState(created.uuid, 'available', { timeoutMs: MINUTE });
      fleet.push({ lab: labNode, uuid: created.uuid, image, imageFile, loader });
    }
  });

  after(async function () {
    // Only what this test started: the lab's BMCs and VMs (by their PIDs), Tyr, the namespace.
    if (lab) await labDown(lab).catch(() => undefined);
    await server?.stop().catch(() => undefined);
    const name = net?.name;
    const veth = net?.hostVeth;
    net?.destroy();
    if (name) expect(netnsExists(name), `namespace ${name} left behind`).to.equal(false);
    if (veth) expect(linkExists(veth), `veth ${veth} left behind`).to.equal(false);
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed');
    if (failed || process.env.TYR_E2E_KEEP) console.log(`      kept ${work} (lab/<node>/console.log, Tyr data) for inspection`);
    else if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('deploys both at once: each gets its loader, reaches active, and boots its disk', async () => {
    const watches = fleet.map((n) => new PhaseWatch(client, n.uuid, `${n.lab.name} (${n.lab.firmware})`));
    const finals: Json[] = [];
    try {
      await Promise.all(fleet.map((n) => client.nodes.setProvisionState(n.uuid, 'active')));
      for (const n of fleet) {
        finals.push(
          await until(
            `${n.lab.name} (${n.lab.firmware}) to reach active`,
            CYCLE,
            async () => {
              const got = (await client.nodes.get(n.uuid)) as Json;
              if (got.provision_state === 'deploy failed')
                throw new Error(`${n.lab.name}: deploy failed: ${String(got.last_error)}\n${consoleTails()}`);
              return got.provision_state === 'active' ? got : undefined;
            },
            { intervalMs: 2000, diagnostics: consoleTails },
          ),
        );
      }
    } finally {
      for (const [i, w] of watches.entries()) console.log((await w.finish(finals[i])).map((l) => `      ${l}`).join('\n'));
    }

    for (const [i, n] of fleet.entries()) {
      const done = finals[i]!;
      expect(done.last_error ?? null, n.lab.name).to.equal(null);
      // Tyr served each machine the loader for its firmware (recorded from its TFTP server).
      expect(done.driver_internal_info.boot_progress?.loader, `${n.lab.name}'s loader`).to.equal(n.loader);
      expect(done.driver_internal_info.boot_progress?.config_at, `${n.lab.name} fetched its iPXE script`).to.be.a('string');
      expect(
        readBytes(n.lab.disk, 0, n.image.rawSize).equals(fs.readFileSync(n.image.raw)),
        `${n.lab.name}'s disk holds its image`,
      ).to.equal(true);
      await until(`${n.lab.name} to boot its disk`, 4 * MINUTE, () => consoleText(n).includes(`${INSTANCE_MARKER} BOOT_IMAGE=`), {
        intervalMs: 1000,
        diagnostics: consoleTails,
      });
    }
    const [bios, uefi] = fleet;
    expect(consoleText(uefi!), 'OVMF PXE booted without an iPXE ROM').to.match(/Start PXE over IPv4/);
    expect(consoleText(uefi!), 'the instance ran on UEFI').to.match(/secureboot: Secure boot disabled/);
    expect(consoleText(bios!)).to.not.match(/secureboot:/);
    const uefiBoot = finals[1]!.driver_internal_info.uefi_boot as Json | undefined;
    expect(uefiBoot?.method, 'how the UEFI node boots its OS').to.be.oneOf(['efibootmgr', 'fallback']);
    console.log(`      ${uefi!.lab.name}: uefi_boot ${JSON.stringify(uefiBoot)}`);
    expect(finals[0]!.driver_internal_info.uefi_boot ?? null, 'no UEFI boot record for the BIOS node').to.equal(null);
  });
});

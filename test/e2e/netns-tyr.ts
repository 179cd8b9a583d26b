// The UEFI e2e tests' rig: Tyr in-process with its dnsmasq (dhcp_mode dnsmasq) inside a network
// namespace this helper creates, its TFTP, HTTP boot and API servers on the host end of the
// veth, the real agent ramdisk in its boot root, and lab machines on the namespace's taps (one
// each). The loader directory is assembled by Tyr from Debian's ipxe and the signed shim/GRUB the
// lab cache unpacked. stop() removes only what start created: the lab's PIDs, Tyr, the namespace.
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
import type { LabFirmware } from '../bench/lab/firmware.js';
import { labDown, labUp, type Lab, type LabNode } from '../bench/lab/lab.js';
import { ensureSignedBootFiles } from '../bench/lab/signed-boot.js';
import type { TestImage } from '../bench/lab/test-image.js';
import { createNetns, linkExists, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE } from '../helpers/until.js';

export interface NetnsTyr {
  work: string;
  net: TestNetns;
  server: RunningServer;
  client: TyrClient;
  lab: Lab;
  /** Enrolls a lab machine with its image (copied into the boot root) as instance_info; returns the node UUID. */
  enroll(node: LabNode, image: TestImage, opts?: { provide?: boolean }): Promise<string>;
  consoleText(node: LabNode): string;
  stop(failed: boolean): Promise<void>;
}

/** Starts the rig with one lab machine per firmware (node i on tap i). */
export async function startNetnsTyr(what: string, firmware: LabFirmware[]): Promise<NetnsTyr> {
  requireRoot(what);
  requireTool('qemu-system-x86_64');
  requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-uefi-'));
  const ramdisk = buildRamdisk({ log: () => undefined });
  const signed = ensureSignedBootFiles();
  const net = createNetns({ taps: firmware.length });
  let server: RunningServer | undefined;
  let lab: Lab | undefined;
  const stop = async (failed: boolean) => {
    if (lab) await labDown(lab).catch(() => undefined);
    await server?.stop().catch(() => undefined);
    net.destroy();
    expect(netnsExists(net.name), `namespace ${net.name} left behind`).to.equal(false);
    expect(linkExists(net.hostVeth), `veth ${net.hostVeth} left behind`).to.equal(false);
    if (failed || process.env.TYR_E2E_KEEP) console.log(`      kept ${work} (lab/<node>/console.log, Tyr data) for inspection`);
    else fs.rmSync(work, { recursive: true, force: true });
  };
  try {
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
          // shim-signed and grub-efi-amd64-signed are unpacked in the lab cache, not installed.
          shim_efi: signed.shim,
          grub_efi: signed.grubNet,
        },
        conductor: { sync_power_state_interval: 0, agent_command_poll_interval_ms: 1000 },
      },
    });
    server = await startServer(config, { netns: net.name });
    const bootRoot = httpBootRoot(server.config);
    for (const dir of ['agent', 'images']) fs.mkdirSync(path.join(bootRoot, dir), { recursive: true });
    fs.copyFileSync(ramdisk.kernel, path.join(bootRoot, 'agent', 'tyr.kernel'));
    fs.copyFileSync(ramdisk.initramfs, path.join(bootRoot, 'agent', 'tyr.initramfs'));
    const client = new TyrClient({ url: server.config.api.public_url, apiVersion: 'latest' });
    lab = await labUp({
      nodes: firmware.length,
      dir: path.join(work, 'lab'),
      firmware,
      memoryMb: 1024,
      cpus: 1,
      diskGb: 4,
      netns: { name: net.name, tap: net.taps[0]!, taps: net.taps },
    });
    const enroll: NetnsTyr['enroll'] = async (node, image, opts = {}) => {
      const imageFile = `images/${node.name}.raw`;
      fs.copyFileSync(image.raw, path.join(bootRoot, imageFile));
      // No ipa-advertise-* parameters (the user-mode lab's port forward): the conductor reaches
      // the agent at its address on the namespace's /24, through the veth.
      const created = await client.nodes.create({
        driver: 'ipmi',
        name: node.name,
        deploy_interface: 'direct',
        inspect_interface: 'agent',
        automated_clean: false,
        driver_info: { ...bmcDriverInfo(node), deploy_kernel: 'agent/tyr.kernel', deploy_ramdisk: 'agent/tyr.initramfs' },
        properties: { cpus: 1, memory_mb: 1024, local_gb: 4, cpu_arch: 'x86_64', capabilities: labCapabilities(node) },
        instance_info: {
          image_source: imageFile,
          image_disk_format: 'raw',
          image_os_hash_algo: 'sha256',
          image_os_hash_value: image.rawSha256,
        },
      });
      await client.ports.create({ address: node.mac, node_uuid: created.uuid, pxe_enabled: true });
      // dnsmasq's host files follow the ports only every 30 s: without this, a machine powered on
      // at once DHCPs before its MAC is known (or tagged Secure Boot) and gets the wrong loader.
      await server!.boot.dhcp!.resync();
      await client.nodes.setProvisionState(created.uuid, 'manage');
      await client.nodes.waitForProvisionState(created.uuid, 'manageable', { timeoutMs: MINUTE });
      if (opts.provide ?? true) {
        await client.nodes.setProvisionState(created.uuid, 'provide');
        await client.nodes.waitForProvisionState(created.uuid, 'available', { timeoutMs: MINUTE });
      }
      return created.uuid;
    };
    const consoleText = (node: LabNode) => (fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '');
    return { work, net, server, client, lab, enroll, consoleText, stop };
  } catch (err) {
    await stop(true);
    throw err;
  }
}

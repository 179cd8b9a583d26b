// UEFI network boot through Tyr's boot server, end to end on OVMF in a network namespace with the
// dnsmasq Tyr runs (issue #21). The deploy ramdisk is the lab's marker ramdisk (Debian's signed
// kernel), so no agent is needed: reaching the marker proves the whole chain.
//   (a) UEFI HTTP boot with no TFTP server: the firmware fetches snponly.efi from Tyr's /efi/,
//       iPXE gets boot.ipxe, and the per-MAC script boots the ramdisk;
//   (b) Secure Boot: a node with secure_boot:true boots shim → GRUB → signed kernel over TFTP;
//   (c) the same Secure Boot machine not marked so is served iPXE, which its firmware refuses;
//       the callback timeout's last_error names Secure Boot.
// The VMs run one after the other. Needs root (namespaces); everything is removed in after().
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BootProgress } from '../../core/boot/boot-progress.js';
import { loadConfig } from '../../core/config-load.js';
import type { Node } from '../../core/db/types.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { ensureSignedBootFiles } from '../bench/lab/signed-boot.js';
import { ensureTestRamdisk, ramdiskMarker } from '../bench/lab/test-ramdisk.js';
import { createNetns, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { startOvmfVm, type OvmfVm } from '../helpers/ovmf-qemu.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE, until } from '../helpers/until.js';

const randomMac = () =>
  `52:54:00:${[0, 0, 0]
    .map(() =>
      Math.floor(Math.random() * 256)
        .toString(16)
        .padStart(2, '0'),
    )
    .join(':')}`;

describe('UEFI network boot on OVMF: HTTP boot, Secure Boot chain, Secure Boot diagnosis (e2e, QEMU)', function () {
  this.timeout(30 * MINUTE);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-uefi-netboot-'));
  const bootRoot = path.join(work, 'boot');
  let net: TestNetns | undefined;
  let server: RunningServer | undefined;
  let vm: OvmfVm | undefined;
  let signed: ReturnType<typeof ensureSignedBootFiles>;

  before(() => {
    requireRoot('the UEFI netboot e2e test');
    requireTool('qemu-system-x86_64');
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    signed = ensureSignedBootFiles();
    const ramdisk = ensureTestRamdisk();
    fs.mkdirSync(bootRoot, { recursive: true });
    fs.copyFileSync(ramdisk.kernel, path.join(bootRoot, 'vmlinuz'));
    fs.copyFileSync(ramdisk.ramdisk, path.join(bootRoot, 'initrd.gz'));
    net = createNetns({ tap: true });
  });

  afterEach(async () => {
    await vm?.kill();
    vm = undefined;
    await server?.stop();
    server = undefined;
  });

  after(() => {
    const name = net?.name;
    net?.destroy();
    if (name) expect(netnsExists(name), `namespace ${name} left behind`).to.equal(false);
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Tyr as `tyr server` runs it, with dnsmasq in the test's namespace. */
  async function startTyr(name: string, tftpPort: number): Promise<RunningServer> {
    const config = loadConfig({
      env: {},
      overrides: {
        api: { host: '127.0.0.1', port: 0 },
        service: { data_dir: path.join(work, name), log_level: 'warn' },
        boot: {
          http_host: net!.hostAddress,
          http_port: 0,
          http_root: bootRoot,
          tftp_port: tftpPort,
          tftp_address: net!.hostAddress,
          shim_efi: signed.shim,
          grub_efi: signed.grubNet,
          deploy_kernel: 'vmlinuz',
          deploy_ramdisk: 'initrd.gz',
          dhcp_mode: 'dnsmasq',
          dhcp_interface: net!.bridge,
          dhcp_range: net!.dhcpRange,
          dhcp_ipv6_ra: true,
        },
      },
    });
    const s = await startServer(config, { netns: net!.name });
    if (tftpPort) expect(s.boot.tftpPort, 'Tyr TFTP could not bind port 69 on the veth address').to.equal(69);
    return s;
  }

  /** A node waiting for its deploy ramdisk, with one PXE port, known to dnsmasq before the VM starts. */
  async function waitingNode(s: RunningServer, mac: string, capabilities: string): Promise<Node> {
    const node = await s.store.nodes.create({
      driver: 'fake-hardware',
      provision_state: 'wait call-back',
      properties: capabilities ? { capabilities } : {},
    });
    await s.store.ports.create({ node_id: node.id, address: mac, pxe_enabled: true });
    await s.boot.dhcp!.resync();
    return node;
  }

  const progressOf = async (s: RunningServer, id: number) =>
    (await s.store.nodes.findById(id))?.driver_internal_info.boot_progress as BootProgress | undefined;
  const diagnostics = () => `console tail:\n${vm?.console().slice(-3000)}\nQEMU stderr: ${vm?.stderr()}`;

  it('(a) UEFI HTTP boot, no TFTP server: firmware fetches snponly.efi over HTTP, iPXE boots the ramdisk', async () => {
    server = await startTyr('http-boot', 0);
    expect(server.boot.tftpPort).to.equal(undefined);
    const mac = randomMac();
    const node = await waitingNode(server, mac, 'boot_mode:uefi');
    const started = Date.now();
    vm = startOvmfVm({ netnsExec: net!.exec, tap: net!.tap!, mac, firmware: 'uefi', dir: path.join(work, 'vm-a') });
    await until('the ramdisk marker on the console', 10 * MINUTE, () => vm!.console().includes(ramdiskMarker(node.uuid)), { diagnostics });
    const screen = vm.console();
    expect(screen).to.match(/Start HTTP Boot over IPv4/);
    expect(screen).to.contain(`URI: ${`http://${net!.hostAddress}:${server.boot.httpPort}/efi/snponly.efi`}`);
    // The loader Tyr served over HTTP, then the per-MAC script fetched: both recorded on the node.
    const progress = await progressOf(server, node.id);
    expect(progress).to.include({ loader: 'snponly.efi', loader_kind: 'ipxe-efi' });
    expect(progress?.config_at, 'the per-MAC script fetch was not recorded').to.be.a('string');
    console.log(`      power-on → ramdisk marker over UEFI HTTP boot: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('(b) Secure Boot: secure_boot:true boots shim → GRUB → signed kernel and the ramdisk', async () => {
    server = await startTyr('secure-boot', 69);
    const mac = randomMac();
    const node = await waitingNode(server, mac, 'boot_mode:uefi,secure_boot:true');
    const started = Date.now();
    vm = startOvmfVm({ netnsExec: net!.exec, tap: net!.tap!, mac, firmware: 'uefi-secure', dir: path.join(work, 'vm-b') });
    await until('the ramdisk marker on the console', 15 * MINUTE, () => vm!.console().includes(ramdiskMarker(node.uuid)), { diagnostics });
    const screen = vm.console();
    expect(screen).to.contain('NBP filename is shimx64.efi');
    expect(screen).to.contain('Welcome to GRUB!');
    // The kernel's own word that it runs with Secure Boot on, i.e. every stage was verified.
    expect(screen).to.contain('secureboot: Secure boot enabled');
    expect(screen).to.contain(`tyr-node-uuid=${node.uuid}`);
    const progress = await progressOf(server, node.id);
    expect(progress?.loader_kind).to.equal('signed');
    expect(progress?.config_at, 'the GRUB config fetch was not recorded').to.be.a('string');
    console.log(`      power-on → ramdisk marker through shim → GRUB → kernel: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('(c) the same machine not marked Secure Boot gets iPXE, which the firmware refuses; the timeout names Secure Boot', async () => {
    server = await startTyr('negative', 69);
    const mac = randomMac();
    const node = await waitingNode(server, mac, 'boot_mode:uefi');
    vm = startOvmfVm({ netnsExec: net!.exec, tap: net!.tap!, mac, firmware: 'uefi-secure', dir: path.join(work, 'vm-c') });
    await until(
      'the firmware to refuse the loader',
      10 * MINUTE,
      () => /failed to load Boot\d+ "UEFI PXEv4.*Access Denied/.test(vm!.console()),
      {
        diagnostics,
      },
    );
    const progress = await progressOf(server, node.id);
    expect(progress).to.include({ loader: 'snponly.efi', loader_kind: 'ipxe-efi' });
    expect(progress?.config_at).to.equal(undefined);
    expect(vm.console()).to.not.contain(ramdiskMarker(node.uuid));
    // The callback timeout, as the periodic task runs it, a timeout's length later.
    const timeout = server.config.conductor.deploy_callback_timeout;
    expect(await server.conductor.checkWaitTimeouts(Date.now() + (timeout + 5) * 1000)).to.equal(1);
    const failed = await server.store.nodes.findById(node.id);
    expect(failed?.provision_state).to.equal('deploy failed');
    expect(failed?.last_error).to.contain('Timeout reached while waiting for the deploy ramdisk');
    expect(failed?.last_error).to.contain('Secure Boot is the likely cause');
    expect(failed?.last_error).to.contain('secure_boot:true');
  });
});

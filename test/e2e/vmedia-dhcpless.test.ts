// End to end: a DHCP-less deploy through virtual media. A QEMU machine sits on a network with no
// DHCP server at all (a namespace this test creates: bridge + tap, Tyr on the host end of a veth,
// a static address plan). Tyr (in-process) drives a `redfish` node whose boot interface is
// redfish-virtual-media: it builds the node's ISO (the real agent ramdisk, isolinux, and the
// node's network_data as a config drive), the BMC downloads it from Tyr's boot server and boots
// it from CD; the agent configures its NIC from network_data, looks Tyr up, heartbeats, writes
// the image, and the deploy completes.
//
// The BMC is the lab Redfish simulator in memory mode: Tyr's Redfish calls (insert, boot
// override, reset, eject) are real, and the simulator really downloads the ISO. Its QEMU mode
// (which would run the VM behind the BMC) is not available yet, so this test plays that part:
// once the simulator shows the ISO inserted and a restart from CD, it starts the VM with exactly
// the ISO the simulator downloaded, on the namespace's tap. When the simulator's QEMU mode lands,
// this glue is what it replaces. Needs root (namespaces); everything it creates is removed after.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { httpBootRoot } from '../../core/boot/http-root.js';
import { loadConfig } from '../../core/config-load.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { ensureTestImage, type TestImage } from '../bench/lab/test-image.js';
import { startRedfishSim, type RedfishSim } from '../bench/lab/redfish-sim/index.js';
import { readBytes } from '../helpers/disk-bytes.js';
import { createNetns, linkExists, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE, until } from '../helpers/until.js';
import { staticPlan } from '../helpers/vmedia-iso.js';

const CYCLE = 8 * MINUTE; // one ramdisk boot from CD + the image write, under TCG on 2 busy cores
const DISK_BYTES = 5 * 1024 ** 3; // sparse; the agent wants a root disk of at least 4 GiB

describe('e2e: DHCP-less deploy through Redfish virtual media (QEMU, no DHCP server)', function () {
  this.timeout(CYCLE + 3 * MINUTE);
  const mac = `52:54:00:${crypto.randomBytes(3).toString('hex').match(/../g)!.join(':')}`;
  let work: string;
  let net: TestNetns | undefined;
  let sim: RedfishSim | undefined;
  let server: RunningServer | undefined;
  let qemu: ChildProcess | undefined;
  let client: TyrClient;
  let image: TestImage;
  let uuid: string;
  let consoleLog: string;
  let disk: string;

  const consoleText = () => (consoleLog && fs.existsSync(consoleLog) ? fs.readFileSync(consoleLog, 'latin1') : '');
  const consoleTail = () => `console tail:\n${consoleText().slice(-4000)}`;

  before(async () => {
    requireRoot('the DHCP-less virtual-media e2e test');
    requireTool('qemu-system-x86_64');
    requireTool('xorriso');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-vmedia-'));
    const ramdisk = buildRamdisk({ log: () => undefined });
    image = ensureTestImage();
    net = createNetns({ tap: true });
    // The machine's plan: an address on the namespace's /24, the bridge as its gateway. Tyr
    // listens on the host end of the veth (hostAddress), in the same /24.
    const machineAddress = net.hostAddress.replace(/\.2$/, '.50');
    const config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: work, log_level: 'warn' },
        api: { host: net.hostAddress, port: 0 },
        boot: { http_host: net.hostAddress, http_port: 0, tftp_port: 0 },
        conductor: { sync_power_state_interval: 0, agent_command_poll_interval_ms: 1000, agent_power_off_wait: 60 },
        redfish: { power_poll_interval_ms: 100 },
      },
    });
    server = await startServer(config);
    const bootRoot = httpBootRoot(server.config);
    fs.mkdirSync(path.join(bootRoot, 'agent'), { recursive: true });
    fs.mkdirSync(path.join(bootRoot, 'images'), { recursive: true });
    fs.copyFileSync(ramdisk.kernel, path.join(bootRoot, 'agent', 'tyr.kernel'));
    fs.copyFileSync(ramdisk.initramfs, path.join(bootRoot, 'agent', 'tyr.initramfs'));
    fs.copyFileSync(image.raw, path.join(bootRoot, 'images', 'disk.raw'));
    client = new TyrClient({ url: server.config.api.public_url, apiVersion: 'latest' });
    sim = await startRedfishSim();

    const node = await client.nodes.create({
      driver: 'redfish',
      name: 'vmedia-dhcpless',
      boot_interface: 'redfish-virtual-media',
      deploy_interface: 'direct',
      automated_clean: false,
      network_data: staticPlan(mac, machineAddress, net.bridgeAddress),
      driver_info: { ...sim.driverInfo(), deploy_kernel: 'agent/tyr.kernel', deploy_ramdisk: 'agent/tyr.initramfs' },
      instance_info: {
        image_source: 'images/disk.raw',
        image_disk_format: 'raw',
        image_os_hash_algo: 'sha256',
        image_os_hash_value: image.rawSha256,
      },
    });
    uuid = node.uuid;
    await client.ports.create({ node_uuid: uuid, address: mac });
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
  });

  after(async function () {
    // Only what this test started, by its own handles.
    if (qemu?.pid && qemu.exitCode === null && qemu.signalCode === null) {
      const exited = new Promise((r) => qemu!.once('exit', r));
      qemu.kill('SIGKILL');
      await exited;
    }
    await server?.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    const name = net?.name;
    const veth = net?.hostVeth;
    net?.destroy();
    if (name) expect(netnsExists(name), `namespace ${name} left behind`).to.equal(false);
    if (veth) expect(linkExists(veth), `veth ${veth} left behind`).to.equal(false);
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed');
    if (failed || process.env.TYR_E2E_KEEP) console.log(`      kept ${work} (console.log, cdrom.iso, Tyr data) for inspection`);
    else if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** The machine behind the BMC, as the simulator's QEMU mode would run it: boots the inserted CD. */
  async function startMachineFromInsertedCd(): Promise<void> {
    const media = sim!.state.media;
    const res = await fetch(media.image!);
    expect(res.status, `the ISO at ${media.image}`).to.equal(200);
    const iso = path.join(work, 'cdrom.iso');
    fs.writeFileSync(iso, Buffer.from(await res.arrayBuffer()));
    disk = path.join(work, 'disk.raw');
    fs.writeFileSync(disk, '');
    fs.truncateSync(disk, DISK_BYTES);
    consoleLog = path.join(work, 'console.log');
    qemu = spawn(
      net!.exec[0]!,
      [
        ...net!.exec.slice(1),
        'qemu-system-x86_64',
        '-accel',
        'tcg',
        '-m',
        '1024',
        '-nodefaults',
        '-display',
        'none',
        '-serial',
        `file:${consoleLog}`,
        '-netdev',
        'tap,id=n0,ifname=tap0,script=no,downscript=no',
        '-device',
        `virtio-net-pci,netdev=n0,mac=${mac},romfile=`,
        '-drive',
        `file=${disk},if=none,id=d0,format=raw`,
        '-device',
        'virtio-blk-pci,drive=d0',
        '-drive',
        `file=${iso},media=cdrom,if=ide,readonly=on`,
        '-boot',
        'order=d',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    qemu.stderr!.on('data', (d: Buffer) => fs.appendFileSync(path.join(work, 'qemu.err'), d));
  }

  it('boots the ISO from the virtual CD, the agent takes its address from network_data, and the deploy completes', async () => {
    await client.nodes.setProvisionState(uuid, 'active');
    const waiting = await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 2 * MINUTE });
    expect(waiting.last_error ?? null).to.equal(null);
    expect(sim!.state.media.inserted, 'ISO inserted').to.equal(true);
    expect(sim!.state.lastBoot?.target, 'the BMC restarted the machine from CD').to.equal('Cd');
    await startMachineFromInsertedCd();

    const node = await until(
      'the deploy to finish (active)',
      CYCLE,
      async () => {
        const n = await client.nodes.get(uuid);
        if (n.provision_state === 'deploy failed') throw new Error(`deploy failed: ${String(n.last_error)}\n${consoleTail()}`);
        return n.provision_state === 'active' ? n : undefined;
      },
      { intervalMs: 2000, diagnostics: consoleTail },
    );
    expect(node.last_error ?? null).to.equal(null);

    const text = consoleText();
    expect(text, 'init saw the config drive and started no DHCP').to.include('config drive on /dev/sr0');
    expect(text, 'the agent configured its NIC statically').to.include('static configuration from the config drive');
    expect(text).to.not.include('has a DHCP lease');
    // The image is on the machine's disk.
    expect(readBytes(disk, 0, image.rawSize).equals(fs.readFileSync(image.raw)), 'the disk holds the image').to.equal(true);
    // The conductor cleaned up: CD ejected, ISO deleted, the instance boots from disk.
    expect(sim!.state.media.inserted).to.equal(false);
    expect(sim!.state.bootOverride).to.deep.include({ target: 'Hdd', enabled: 'Continuous' });
    expect(fs.readdirSync(path.join(httpBootRoot(server!.config), 'vmedia')).filter((f) => f.startsWith(uuid))).to.deep.equal([]);
  });
});

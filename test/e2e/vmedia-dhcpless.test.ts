// End to end: a DHCP-less deploy through virtual media. A QEMU machine sits on a network with no
// DHCP server at all (a namespace this test creates: bridge + tap, Tyr on the host end of a veth,
// a static address plan). Tyr (in-process) drives a `redfish` node whose boot interface is
// redfish-virtual-media: it builds the node's ISO (the real agent ramdisk, isolinux, and the
// node's network_data as a config drive), the BMC downloads it from Tyr's boot server and boots
// it from CD; the agent configures its NIC from network_data, looks Tyr up, heartbeats, writes
// the image, and the deploy completes. Before it, the node is inspected out of band (its
// properties and port come from the BMC); after it, undeployed.
//
// The machine is a lab VM behind its own tyr-redfish-sim in QEMU mode (`labUp({ bmc: 'redfish' })`):
// Tyr's Redfish calls are real, the simulator downloads the ISO and changes the VM's CD through
// QMP, and power and boot order drive the VM. The VM's NIC is the namespace's tap (LabOptions.netns)
// instead of QEMU's user-mode network, which would answer DHCP. After the image is written the
// machine boots it from disk (the test image prints its marker). Needs root (namespaces);
// everything it creates is removed after.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { httpBootRoot } from '../../core/boot/http-root.js';
import { loadConfig } from '../../core/config-load.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { bmcDriverInfo } from '../bench/lab/enroll.js';
import { labDown, labUp, type Lab, type LabNode } from '../bench/lab/lab.js';
import { ensureTestImage, INSTANCE_MARKER, type TestImage } from '../bench/lab/test-image.js';
import { readBytes } from '../helpers/disk-bytes.js';
import { createNetns, linkExists, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE, until } from '../helpers/until.js';
import { staticPlan } from '../helpers/vmedia-iso.js';

const CYCLE = 8 * MINUTE; // one ramdisk boot from CD + the image write, under TCG on 2 busy cores

describe('e2e: DHCP-less deploy through Redfish virtual media (QEMU behind tyr-redfish-sim, no DHCP server)', function () {
  this.timeout(CYCLE + 5 * MINUTE);
  let work: string;
  let net: TestNetns | undefined;
  let server: RunningServer | undefined;
  let lab: Lab | undefined;
  let node: LabNode;
  let client: TyrClient;
  let image: TestImage;
  let uuid: string;

  const consoleText = () => (node && fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '');
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
        service: { data_dir: path.join(work, 'data'), log_level: 'error' }, // it binds the veth address on purpose: no noauth warning
        api: { host: net.hostAddress, port: 0 },
        boot: { http_host: net.hostAddress, http_port: 0, tftp_port: 0 },
        conductor: { sync_power_state_interval: 0, agent_command_poll_interval_ms: 1000 },
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

    // bootUrl is unused: the VM's NIC is on the namespace, and it never network boots.
    lab = await labUp({
      nodes: 1,
      dir: path.join(work, 'lab'),
      bmc: 'redfish',
      memoryMb: 1024,
      cpus: 1,
      diskGb: 5,
      netns: { name: net.name, tap: net.tap! },
    });
    node = lab.nodes[0]!;
    const created = await client.nodes.create({
      driver: 'redfish',
      name: 'vmedia-dhcpless',
      boot_interface: 'redfish-virtual-media',
      deploy_interface: 'direct',
      automated_clean: false,
      network_data: staticPlan(node.mac, machineAddress, net.bridgeAddress),
      driver_info: { ...bmcDriverInfo(node), deploy_kernel: 'agent/tyr.kernel', deploy_ramdisk: 'agent/tyr.initramfs' },
      instance_info: {
        image_source: 'images/disk.raw',
        image_disk_format: 'raw',
        image_os_hash_algo: 'sha256',
        image_os_hash_value: image.rawSha256,
      },
    });
    uuid = created.uuid;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
  });

  after(async function () {
    // Only what this test started: the lab's BMC and VM (by their PIDs), Tyr, the namespace.
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

  // The first lab scenario starts here: no port is enrolled by hand, inspection makes it.
  it('inspects out of band: the properties and the port are those of the VM', async () => {
    await client.nodes.setProvisionState(uuid, 'inspect');
    const inspected = await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 2 * MINUTE });
    expect(inspected.last_error ?? null).to.equal(null);
    expect(inspected.properties).to.include({ cpus: 1, memory_mb: 1024, cpu_arch: 'x86_64' });
    const localGb = Number(inspected.properties.local_gb);
    expect(localGb, 'local_gb from the 5 GB disk').to.be.within(4, 5);
    const ports = (await client.ports.listPage({ node: uuid })).items;
    expect(ports.map((p) => p.address)).to.deep.equal([node.mac]);
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
  });

  it('boots the ISO from the virtual CD, the agent takes its address from network_data, the deploy completes and the disk boots', async () => {
    await client.nodes.setProvisionState(uuid, 'active');
    const done = await until(
      'the deploy to finish (active)',
      CYCLE,
      async () => {
        const n = await client.nodes.get(uuid);
        if (n.provision_state === 'deploy failed') throw new Error(`deploy failed: ${String(n.last_error)}\n${consoleTail()}`);
        return n.provision_state === 'active' ? n : undefined;
      },
      { intervalMs: 2000, diagnostics: consoleTail },
    );
    expect(done.last_error ?? null).to.equal(null);

    const text = consoleText();
    expect(text, 'the BIOS booted the virtual CD').to.match(/Booting from DVD\/CD/);
    expect(text, 'init saw the config drive and started no DHCP').to.include('config drive on /dev/sr0');
    expect(text, 'the agent configured its NIC statically').to.include('static configuration from the config drive');
    expect(text).to.not.include('has a DHCP lease');
    expect(readBytes(node.disk, 0, image.rawSize).equals(fs.readFileSync(image.raw)), 'the disk holds the image').to.equal(true);
    // The conductor cleaned up: the CD ejected (the simulator drops its medium), the ISO deleted.
    expect(fs.existsSync(path.join(node.dir, 'cdrom.iso')), 'CD ejected').to.equal(false);
    expect(fs.readdirSync(path.join(httpBootRoot(server!.config), 'vmedia')).filter((f) => f.startsWith(uuid))).to.deep.equal([]);
    // And the machine boots the deployed image from its disk.
    await until('the instance to boot from disk', 3 * MINUTE, () => consoleText().includes(INSTANCE_MARKER), {
      intervalMs: 1000,
      diagnostics: consoleTail,
    });
  });

  it('undeploys: the node is available again and the machine is off', async () => {
    await client.nodes.setProvisionState(uuid, 'deleted');
    const freed = await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 2 * MINUTE });
    expect(freed.instance_uuid ?? null).to.equal(null);
    expect(freed.last_error ?? null).to.equal(null);
    expect(freed.power_state).to.equal('power off');
    expect(fs.existsSync(path.join(node.dir, 'cdrom.iso')), 'no medium left in the CD').to.equal(false);
  });
});

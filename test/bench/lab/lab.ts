// The virtual lab: a rack of nodes, each an ipmi_sim BMC whose chassis is a QEMU machine (TCG,
// a virtio disk, a NIC with a fixed MAC that PXE boots from Tyr's HTTP boot server). labUp()
// starts it and can enroll the nodes into a running Tyr; the state lives in <dir>/lab.json so
// that labDown()/labStatus() work from another process (the lab CLI). Only PIDs the lab started
// are ever signalled, and labDown() removes nothing outside the lab directory.
import fs from 'node:fs';
import path from 'node:path';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc, type ChassisMode } from './bmc.js';
import { enrollNode } from './enroll.js';
import { type LabFirmware, prepareFirmware } from './firmware.js';
import { freeTcpPortLab } from './ports.js';
import { processAlive, processCmdline, stopPid } from './pids.js';
import { REDFISH_SIM_MARK, startRedfishBmc } from './redfish-bmc.js';
import { requireTool } from './tools.js';

export interface LabOptions {
  nodes: number;
  /** Lab directory: node dirs, disks, console logs and lab.json. Created if missing. */
  dir: string;
  /** A running Tyr API to enroll the nodes into. */
  tyrUrl?: string;
  /** Where the VMs fetch boot.ipxe from (QEMU user networking: http://10.0.2.2:<boot port>). */
  bootUrl?: string;
  /** 'qemu' (default): power on starts a VM. 'fake': state in files only, no VM. */
  mode?: ChassisMode;
  memoryMb?: number;
  cpus?: number;
  diskGb?: number;
  /** Extra virtio NICs after the PXE one, each on its own user-mode network (no PXE, carrier up). */
  extraNics?: number;
  /** Extra sparse virtio disks of diskGb each, with serial numbers extra-1, extra-2, … */
  extraDisks?: number;
  /**
   * Wire each BMC's serial-over-LAN to its VM's serial port. QEMU's serial telnet server takes
   * one client and ipmi_sim then holds it, so direct telnet to serialPort sees nothing: off by
   * default, for tests that log in on the serial port themselves.
   */
  sol?: boolean;
  /** driver_info deploy_kernel / deploy_ramdisk for enrolled nodes (file under the boot root, or URL). */
  deployKernel?: string;
  deployRamdisk?: string;
  /** ipmi_sim outlives this process (the CLI); the caller must labDown() later. */
  detached?: boolean;
  /** Node names are <prefix><i>; default "lab-node-". */
  namePrefix?: string;
  /**
   * The nodes' BMCs: 'ipmi' (default, ipmi_sim) or 'redfish' (tyr-redfish-sim in qemu mode,
   * HTTPS with the lab's own self-signed certificate in <dir>/redfish-cert). Redfish needs qemu mode.
   */
  bmc?: LabBmcKind;
  /**
   * Put the VMs' first NIC on a tap of a network namespace (test/helpers/netns.ts) instead of
   * QEMU's user-mode network, which has a DHCP server of its own: for networks without DHCP.
   * QEMU then runs inside the namespace; one tap serves one node (with `taps`, node i gets taps[i]).
   */
  netns?: { name: string; tap: string; taps?: string[] };
  /**
   * The VMs' firmware: 'bios' (default, SeaBIOS), 'uefi' (OVMF) or 'uefi-secure' (OVMF, Secure
   * Boot on); a list gives node i firmware[i] (a mixed fleet).
   */
  firmware?: LabFirmware | LabFirmware[];
}

export type LabBmcKind = 'ipmi' | 'redfish';

export interface LabNode {
  name: string;
  dir: string;
  mac: string;
  bmcPort: number;
  bmcPid: number;
  serialPort: number;
  /** Host port (127.0.0.1) forwarded to the agent's port 9999 in the VM. */
  agentPort: number;
  username: string;
  password: string;
  disk: string;
  /** MACs of the extra NICs (LabOptions.extraNics), in device order. */
  extraMacs?: string[];
  /** Files behind the extra disks (LabOptions.extraDisks). */
  extraDisks?: string[];
  consoleLog: string;
  /** Tyr node UUID, when enrolled. */
  uuid?: string;
  /** Set when the node's BMC is a Redfish one (bmcPort is then its HTTPS port). */
  redfish?: { url: string; systemId: string; caFile?: string };
  /** The VM's firmware; absent in labs written before UEFI: bios. */
  firmware?: LabFirmware;
}

export interface LabState {
  version: 1;
  dir: string;
  mode: ChassisMode;
  /** Absent in labs written before Redfish BMCs: ipmi. */
  bmc?: LabBmcKind;
  tyrUrl?: string;
  bootUrl?: string;
  nodes: LabNode[];
}

export interface Lab extends LabState {
  /** In-process BMC handles (not set when the state was read back from lab.json). */
  bmcs?: Bmc[];
}

export interface NodeStatus {
  name: string;
  uuid?: string;
  mac: string;
  bmc: { port: number; pid: number; alive: boolean };
  vm: { pid?: number; alive: boolean };
  bootDevice: string;
  consoleLog: string;
}

const STATE_FILE = 'lab.json';

// Labs of this process that are not detached: if the process exits without labDown(), their
// daemonized VMs must not outlive it (bmc.ts does the same for the ipmi_sim children).
const attached = new Set<LabState>();
process.once('exit', () => {
  for (const state of attached) {
    for (const n of state.nodes) {
      const pid = vmPid(n);
      if (pid)
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
    }
  }
});

/** 52:54:00:7e:00:NN (QEMU's OUI), NN = node index + 1. */
export function labMac(index: number): string {
  if (index < 0 || index > 0xfe) throw new Error(`the lab numbers at most 255 nodes (index ${index})`);
  return `52:54:00:7e:00:${(index + 1).toString(16).padStart(2, '0')}`;
}

/** 52:54:00:7f:NN:KK: the KK-th extra NIC (1-based) of node index NN-1. */
export function labExtraMac(index: number, nic: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  labMac(index); // the same range check as the PXE NIC's
  if (nic < 1 || nic > 0xfe) throw new Error(`a lab node has at most 254 extra NICs (nic ${nic})`);
  return `52:54:00:7f:${hex(index + 1)}:${hex(nic)}`;
}

export function readLabState(dir: string): LabState {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) throw new Error(`no lab in ${dir} (${STATE_FILE} is missing); start one with: npm run lab -- up --dir ${dir}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LabState;
}

function writeLabState(state: LabState): void {
  const file = path.join(state.dir, STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

interface QemuConf {
  memoryMb: number;
  cpus: number;
  mac: string;
  bootUrl: string;
  disk: string;
  serialPort: number;
  agentPort: number;
  extraMacs: string[];
  extraDisks: string[];
  netns?: { name: string; tap: string };
  /** Firmware settings from prepareFirmware(): QEMU_FIRMWARE and, for UEFI, the OVMF files. */
  firmware: Record<string, string>;
}

function qemuConf(o: QemuConf): string {
  const q = (v: string | number) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  return [
    '# Written by test/bench/lab/lab.ts; read by qemu-hook.sh.',
    `QEMU_MEM=${q(o.memoryMb)}`,
    `QEMU_CPUS=${q(o.cpus)}`,
    `QEMU_MAC=${q(o.mac)}`,
    `QEMU_BOOT_URL=${q(o.bootUrl)}`,
    `QEMU_DISK=${q(o.disk)}`,
    `QEMU_SERIAL_PORT=${q(o.serialPort)}`,
    // The agent in the VM listens on 9999 behind user-mode NAT; the host reaches it here.
    `QEMU_NETDEV_EXTRA=${q(`,hostfwd=tcp:127.0.0.1:${o.agentPort}-:9999`)}`,
    // Space-separated lists; MACs and file paths never contain spaces here.
    `QEMU_EXTRA_MACS=${q(o.extraMacs.join(' '))}`,
    `QEMU_EXTRA_DISKS=${q(o.extraDisks.join(' '))}`,
    ...(o.netns ? [`QEMU_NETNS=${q(o.netns.name)}`, `QEMU_TAP=${q(o.netns.tap)}`] : []),
    ...Object.entries(o.firmware).map(([k, v]) => `${k}=${q(v)}`),
    '',
  ].join('\n');
}

// A sparse raw file: a few GiB cost nothing until the guest writes, and no qemu-img (package
// qemu-utils) is needed. An existing disk is kept: the lab can be restarted over its state.
function createSparseDisk(file: string, bytes: number): void {
  if (fs.existsSync(file)) return;
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, bytes);
}

async function startNode(opts: LabOptions, index: number): Promise<{ node: LabNode; bmc?: Bmc }> {
  const name = `${opts.namePrefix ?? 'lab-node-'}${index}`;
  const dir = path.join(opts.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const mac = labMac(index);
  const disk = path.join(dir, 'disk.raw');
  const serialPort = await freeTcpPortLab();
  const agentPort = await freeTcpPortLab();
  const mode = opts.mode ?? 'qemu';
  const extraMacs = Array.from({ length: opts.extraNics ?? 0 }, (_, k) => labExtraMac(index, k + 1));
  const extraDisks = Array.from({ length: opts.extraDisks ?? 0 }, (_, k) => path.join(dir, `extra-${k + 1}.raw`));
  const firmware = (Array.isArray(opts.firmware) ? opts.firmware[index] : opts.firmware) ?? 'bios';
  const tap = opts.netns?.taps?.[index] ?? opts.netns?.tap;
  if (mode === 'qemu') {
    const diskBytes = (opts.diskGb ?? 4) * 1024 ** 3;
    for (const file of [disk, ...extraDisks]) createSparseDisk(file, diskBytes);
    fs.writeFileSync(
      path.join(dir, 'qemu.conf'),
      qemuConf({
        memoryMb: opts.memoryMb ?? 1024,
        cpus: opts.cpus ?? 1,
        mac,
        disk,
        serialPort,
        agentPort,
        extraMacs,
        extraDisks,
        netns: opts.netns && tap ? { name: opts.netns.name, tap } : undefined,
        firmware: prepareFirmware(firmware, dir),
        bootUrl: `${(opts.bootUrl ?? 'http://10.0.2.2:8080').replace(/\/+$/, '')}/boot.ipxe`,
      }),
    );
  }
  const common = {
    name,
    dir,
    mac,
    serialPort,
    agentPort,
    disk,
    extraMacs,
    extraDisks,
    consoleLog: path.join(dir, 'console.log'),
    firmware,
  };
  if (opts.bmc === 'redfish') {
    const sim = await startRedfishBmc({ dir, certDir: path.join(opts.dir, 'redfish-cert'), detached: opts.detached });
    return {
      node: {
        ...common,
        bmcPort: sim.port,
        bmcPid: sim.pid,
        username: sim.username,
        password: sim.password,
        redfish: { url: sim.url, systemId: `/redfish/v1/Systems/${sim.systemId}`, caFile: sim.caFile },
      },
    };
  }
  const sol = mode === 'qemu' && opts.sol ? `telnet:127.0.0.1:${serialPort}` : undefined;
  const bmc = await startBmc({ dir, name, mode, detached: opts.detached, removeDirOnStop: false, sol });
  return {
    bmc,
    node: { ...common, bmcPort: bmc.port, bmcPid: bmc.pid, username: bmc.username, password: bmc.password },
  };
}

/** Starts the lab's nodes (BMC + VM definition each) and enrolls them when tyrUrl is given. */
export async function labUp(opts: LabOptions): Promise<Lab> {
  const mode = opts.mode ?? 'qemu';
  if (mode === 'qemu') {
    requireTool('qemu-system-x86_64', 'qemu-system-x86');
  }
  if (opts.bmc === 'redfish' && mode !== 'qemu') throw new Error('Redfish lab BMCs drive QEMU VMs: use --bmc redfish without --fake');
  fs.mkdirSync(opts.dir, { recursive: true });
  const dir = fs.realpathSync(opts.dir);
  if (fs.existsSync(path.join(dir, STATE_FILE))) {
    const old = readLabState(dir);
    if (old.nodes.some((n) => processAlive(n.bmcPid)))
      throw new Error(`a lab is already running in ${dir}; stop it first with: npm run lab -- down --dir ${dir}`);
  }
  const bmcKind = opts.bmc ?? 'ipmi';
  const state: Lab = { version: 1, dir, mode, bmc: bmcKind, tyrUrl: opts.tyrUrl, bootUrl: opts.bootUrl, nodes: [], bmcs: [] };
  if (!opts.detached) attached.add(state);
  const save = () => writeLabState({ version: 1, dir, mode, bmc: bmcKind, tyrUrl: opts.tyrUrl, bootUrl: opts.bootUrl, nodes: state.nodes });
  try {
    // One at a time: each BMC start runs ipmitool probes, and the machine has 2 cores.
    for (let i = 0; i < opts.nodes; i++) {
      const { node, bmc } = await startNode({ ...opts, dir }, i);
      state.nodes.push(node);
      if (bmc) state.bmcs!.push(bmc);
      save();
    }
    if (opts.tyrUrl) {
      const client = new TyrClient({ url: opts.tyrUrl });
      for (const node of state.nodes) {
        node.uuid = await enrollNode(client, node, opts);
        save();
      }
    }
  } catch (err) {
    await labDown(dir);
    throw err;
  }
  return state;
}

/** The QEMU PID of a node, if its VM runs (checked against the pidfile, as qemu-hook.sh does). */
function vmPid(node: LabNode): number | undefined {
  const pidfile = path.join(node.dir, 'qemu.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!pid) return undefined;
  return processCmdline(pid)?.includes(`-pidfile ${pidfile}`) ? pid : undefined;
}

function bmcIsOurs(node: LabNode): boolean {
  const cmd = processCmdline(node.bmcPid);
  const expected = node.redfish ? cmd?.includes(REDFISH_SIM_MARK) : cmd?.startsWith('ipmi_sim');
  if (!expected) return false;
  try {
    return fs.realpathSync(`/proc/${node.bmcPid}/cwd`) === fs.realpathSync(node.dir);
  } catch {
    return false;
  }
}

/** Every PID the lab started and that still runs (ipmi_sim and QEMU). */
export function labPids(dirOrState: string | LabState): number[] {
  const state = typeof dirOrState === 'string' ? readLabState(dirOrState) : dirOrState;
  const pids: number[] = [];
  for (const n of state.nodes) {
    const vm = vmPid(n);
    if (vm) pids.push(vm);
    if (bmcIsOurs(n)) pids.push(n.bmcPid);
  }
  return pids;
}

/** Stops every VM and BMC of the lab (by PID, checked to be ours). Files stay in the lab dir. */
export async function labDown(dirOrLab: string | Lab): Promise<void> {
  const state = typeof dirOrLab === 'string' ? readLabState(dirOrLab) : dirOrLab;
  attached.delete(state);
  const stopVms = () =>
    Promise.all(
      state.nodes.map(async (n) => {
        const vm = vmPid(n);
        if (vm) await stopPid(vm);
        fs.rmSync(path.join(n.dir, 'mon.sock'), { force: true });
      }),
    );
  // VMs first: a stopped BMC can no longer power its VM off, and QEMU runs daemonized.
  await stopVms();
  await Promise.all(
    state.nodes.map(async (n) => {
      if (bmcIsOurs(n)) await stopPid(n.bmcPid);
    }),
  );
  // A power-on the BMC was carrying out when asked to stop (the Redfish sim finishes it before it
  // exits) can have started a VM after the first sweep.
  await stopVms();
}

export function labStatus(dir: string): NodeStatus[] {
  const state = readLabState(dir);
  return state.nodes.map((n) => {
    const vm = vmPid(n);
    let bootDevice = 'default';
    try {
      bootDevice = fs.readFileSync(path.join(n.dir, 'boot'), 'utf8').trim();
    } catch {
      /* never set */
    }
    return {
      name: n.name,
      uuid: n.uuid,
      mac: n.mac,
      bmc: { port: n.bmcPort, pid: n.bmcPid, alive: bmcIsOurs(n) },
      vm: { pid: vm, alive: vm !== undefined },
      bootDevice,
      consoleLog: n.consoleLog,
    };
  });
}

// The lab's BMCs: one OpenIPMI ipmi_sim per node on loopback, configured exactly as in
// docs/lab.md (emu file starting with `mc_setbmc 0x20`, a lan.conf with a chassis_control
// program, user admin/<password>). The chassis is chassis-control.sh, which keeps power and boot
// state in files in the node's directory ("fake" mode), or also drives a QEMU VM through
// qemu-hook.sh ("qemu" mode, set up by lab.ts).
// Only PIDs started here are ever signalled.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freeUdpPort, udpPortBound } from './ports.js';
import { requireTool } from './tools.js';

const execFileP = promisify(execFile);
const CHASSIS_CONTROL = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chassis-control.sh');

export type ChassisMode = 'fake' | 'qemu';

export interface BmcOptions {
  /** Node directory (created if missing). Default: a fresh temp dir. */
  dir?: string;
  /** UDP port; default: a free one. */
  port?: number;
  username?: string;
  password?: string;
  name?: string;
  /** 'fake' keeps state in files; 'qemu' also drives the VM described by <dir>/qemu.conf. */
  mode?: ChassisMode;
  readyTimeoutMs?: number;
  /** Delete the directory on stop(). Default: only when the helper made it (no `dir` given). */
  removeDirOnStop?: boolean;
  /**
   * Let ipmi_sim outlive this process (the lab CLI's `up`): its own process group, not killed
   * when this process exits. Whoever detaches must stop it later by PID (labDown does).
   */
  detached?: boolean;
  /**
   * ipmi_sim's SOL device (lan.conf `sol` line): "tcp:host:port", "telnet:host:port" or a path.
   * None by default (no SOL); the lab passes its VM's serial telnet server when asked to.
   */
  sol?: string;
}

export interface Bmc {
  readonly name: string;
  readonly dir: string;
  readonly address: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** PID of the running ipmi_sim (changes after restart()). */
  readonly pid: number;
  /** driver_info for an `ipmi` node pointing at this BMC. */
  driverInfo(): Record<string, string | number>;
  /** Power state as the chassis keeps it. */
  powerState(): 'on' | 'off';
  /** Boot device as the chassis keeps it (pxe, default, cdrom, bios, none). */
  bootDevice(): string;
  /** Changes the chassis power behind the BMC's back (like someone pressing the button). */
  setPowerFile(on: boolean): void;
  /** While stuck, the chassis accepts power commands and ignores them. */
  setStuck(stuck: boolean): void;
  /** Final teardown: SIGTERM (SIGKILL if it lingers), waits for exit, removes a temp dir. */
  stop(): Promise<void>;
  /** Makes the BMC stop answering (SIGKILL), keeping its directory and port for restart(). */
  kill(): Promise<void>;
  /** Starts ipmi_sim again on the same port and directory. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function emuFile(): string {
  return [
    'mc_setbmc 0x20',
    'mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr',
    'sel_enable 0x20 1000 0x0a',
    'mc_enable 0x20',
    '',
  ].join('\n');
}

function lanConf(o: { name: string; port: number; dir: string; username: string; password: string; guid: string; sol?: string }): string {
  const auths = 'none md2 md5 straight';
  return `name "${o.name}"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 ${o.port}
    priv_limit admin
    allowed_auths_callback ${auths}
    allowed_auths_user ${auths}
    allowed_auths_operator ${auths}
    allowed_auths_admin ${auths}
    guid ${o.guid}
  endlan
  chassis_control "${CHASSIS_CONTROL} ${o.dir}"
${o.sol ? `  sol "${o.sol}" 115200\n` : ''}  user 1 true  ""        "test" user     10       ${auths}
  user 2 true  "${o.username}" "${o.password}" admin 10 ${auths}
`;
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** One ipmitool `power status` against the BMC; true when it answers. */
async function answers(port: number, username: string, password: string): Promise<boolean> {
  try {
    const { stdout } = await execFileP(
      'ipmitool',
      ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(port), '-U', username, '-E', '-N', '1', '-R', '1', 'power', 'status'],
      { env: { ...process.env, IPMI_PASSWORD: password }, timeout: 5000 },
    );
    return /Chassis Power is/.test(stdout);
  } catch {
    return false;
  }
}

export async function startBmc(opts: BmcOptions = {}): Promise<Bmc> {
  requireTool('ipmi_sim', 'openipmi');
  requireTool('ipmitool', 'ipmitool');
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bmc-'));
  fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
  const port = opts.port ?? (await freeUdpPort());
  const username = opts.username ?? 'admin';
  const password = opts.password ?? 'secret';
  const name = opts.name ?? `bmc${port}`;
  const guid = (port.toString(16).padStart(8, '0') + 'a123456789abcdefa123456789abcd').slice(0, 32);
  fs.writeFileSync(path.join(dir, 'cmds.emu'), emuFile());
  fs.writeFileSync(path.join(dir, 'lan.conf'), lanConf({ name, port, dir, username, password, guid, sol: opts.sol }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'mode'), `${opts.mode ?? 'fake'}\n`);
  if (!fs.existsSync(path.join(dir, 'power'))) fs.writeFileSync(path.join(dir, 'power'), '0\n');
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15000;

  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    const logFd = fs.openSync(path.join(dir, 'ipmi_sim.log'), 'a');
    child = spawn('ipmi_sim', ['-c', 'lan.conf', '-f', 'cmds.emu', '-s', 'state', '-n'], {
      cwd: dir,
      stdio: ['ignore', logFd, logFd],
      detached: opts.detached ?? false,
    });
    fs.closeSync(logFd);
    if (opts.detached) child.unref();
    else running.add(child);
    const c = child;
    c.once('exit', () => running.delete(c));
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (c.exitCode !== null || c.signalCode !== null) {
        const log = fs.readFileSync(path.join(dir, 'ipmi_sim.log'), 'utf8').slice(-500);
        throw new Error(`ipmi_sim for ${name} exited (${c.exitCode ?? c.signalCode}) before it was ready; log: ${log}`);
      }
      if (udpPortBound(port) && (await answers(port, username, password))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new Error(`ipmi_sim for ${name} on UDP port ${port} did not answer within ${readyTimeoutMs} ms (see ${dir}/ipmi_sim.log)`);
  };
  await launch();

  const removeDir = opts.removeDirOnStop ?? opts.dir === undefined;
  const stopProcess = async (): Promise<void> => {
    const c = child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    c.kill('SIGTERM');
    if (!(await waitExit(c, 2000))) {
      c.kill('SIGKILL');
      await waitExit(c, 2000);
    }
  };
  const read = (file: string, def: string) => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8').trim();
    } catch {
      return def;
    }
  };
  return {
    name,
    dir,
    address: '127.0.0.1',
    port,
    username,
    password,
    get pid() {
      return child.pid!;
    },
    driverInfo: () => ({
      ipmi_address: '127.0.0.1',
      ipmi_port: port,
      ipmi_username: username,
      ipmi_password: password,
      ipmi_cipher_suite: 3,
    }),
    powerState: () => (read('power', '0') === '1' ? 'on' : 'off'),
    bootDevice: () => read('boot', 'default'),
    setPowerFile: (on: boolean) => fs.writeFileSync(path.join(dir, 'power'), on ? '1\n' : '0\n'),
    setStuck: (stuck: boolean) => {
      if (stuck) fs.writeFileSync(path.join(dir, 'stuck'), '');
      else fs.rmSync(path.join(dir, 'stuck'), { force: true });
    },
    async stop() {
      await stopProcess();
      if (removeDir) fs.rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      const c = child;
      if (c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGKILL');
      await waitExit(c, 2000);
    },
    async restart() {
      await stopProcess();
      await launch();
    },
  };
}

/** Starts `n` BMCs, a few at a time (2 cores), each in its own directory under `baseDir`. */
export async function startBmcs(
  n: number,
  opts: Omit<BmcOptions, 'dir' | 'port' | 'name'> & { baseDir?: string; parallel?: number } = {},
): Promise<Bmc[]> {
  const tempBase = opts.baseDir === undefined;
  const baseDir = opts.baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bmcs-'));
  const out: Bmc[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await startBmc({ removeDirOnStop: tempBase, ...opts, dir: path.join(baseDir, `node${i}`), name: `node${i}` });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.parallel ?? 4, n) }, worker));
  } catch (err) {
    await stopBmcs(out.filter(Boolean));
    throw err;
  }
  return out;
}

/** Stops the BMCs; a temp base directory of startBmcs() goes once it is empty. */
export async function stopBmcs(bmcs: Bmc[]): Promise<void> {
  await Promise.all(bmcs.map((b) => b.stop()));
  const parents = new Set(bmcs.map((b) => path.dirname(b.dir)).filter((d) => path.basename(d).startsWith('tyr-bmcs-')));
  for (const d of parents) {
    try {
      fs.rmdirSync(d);
    } catch {
      /* not empty: someone keeps files there */
    }
  }
}

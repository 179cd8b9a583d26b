// Runs dnsmasq as Tyr's child process (boot.dhcp_mode = dnsmasq): writes its config, starts it in
// the foreground with its log on Tyr's logger, restarts it with a bounded backoff when it dies,
// keeps the per-MAC host files current and stops it, by its own PID only, on shutdown.
// Start-up problems a person can fix become one-line ConfigErrors.
//
// Host-file changes reach dnsmasq through its inotify watch on dhcp-hostsdir, never through
// SIGHUP: dnsmasq (2.86 to at least 2.90, Debian 12's) segfaults on the first DHCP packet after a
// SIGHUP re-read of host entries that carry `set:` tags (see DHCP.md). inotify picks up new and
// changed files; a deleted file's record stays until dnsmasq restarts, which is harmless here
// because only the chained tag steers booting, and it is cleared by rewriting, not by deleting.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Config } from '../../config.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { configProblem, dnsmasqConfig } from './config-gen.js';
import { writeHostFiles } from './host-files.js';
import { HostTable, isIpxeBinary } from './host-table.js';
import { macForIp } from './leases.js';
import { recordPid, stopLeftover } from './stale-process.js';
import { resolveExecutable, translateExit } from './start-errors.js';

export interface DnsmasqOptions {
  config: Pick<Config, 'boot'>;
  log: Logger;
  /** Base URL of the HTTP boot server as machines see it, without trailing slash. */
  bootUrl: string;
  /** IPv4 address of Tyr's TFTP server as machines see it. */
  tftpAddress: string;
  /** Whether Tyr's TFTP server runs (default true); without it PXE clients get no boot file. */
  tftp?: boolean;
  /** dnsmasq's config, lease file and host files go to <dataDir>/dnsmasq/. */
  dataDir: string;
  /** Run dnsmasq inside this network namespace (`ip netns exec <netns> dnsmasq …`). */
  netns?: string;
  /** Log each DHCP exchange with its tags (dnsmasq's log-dhcp). Default true. */
  logDhcp?: boolean;
  /** Restart backoff bounds in ms (default 1 s doubling up to 30 s). */
  restartDelayMs?: { min: number; max: number };
}

export interface RunningDnsmasq {
  /** PID of the dnsmasq process now running, if any. */
  readonly pid: number | undefined;
  readonly leaseFile: string;
  readonly hostsDir: string;
  /** Replaces the set of known port MACs (and which of them boot with Secure Boot) and rewrites the host files. */
  syncHosts(macs: Iterable<string>, secureBootMacs?: Iterable<string>): Promise<void>;
  /** Tyr served `file` to `clientAddress` (over TFTP, or /efi/ for UEFI HTTP boot): an iPXE binary tags that machine for the HTTP leg. */
  tftpServed(clientAddress: string, file: string): Promise<void>;
  /** The machine with `mac` fetched its boot script: its next PXE boot starts over with TFTP. */
  bootScriptServed(mac: string): Promise<void>;
  stop(): Promise<void>;
}

const READY_LINE = /started, version/;
const STABLE_MS = 60_000;

export async function startDnsmasq(opts: DnsmasqOptions): Promise<RunningDnsmasq> {
  const { boot } = opts.config;
  const log = opts.log;
  const dir = path.join(opts.dataDir, 'dnsmasq');
  const files = {
    conf: path.join(dir, 'dnsmasq.conf'),
    pid: path.join(dir, 'dnsmasq.pid'),
    leaseFile: path.join(dir, 'dnsmasq.leases'),
    hostsDir: path.join(dir, 'hosts.d'),
  };
  const input = {
    interface: boot.dhcp_interface,
    range: boot.dhcp_range,
    bootUrl: opts.bootUrl.replace(/\/$/, ''),
    tftpAddress: opts.tftpAddress,
    tftp: opts.tftp ?? true,
    hostsDir: files.hostsDir,
    leaseFile: files.leaseFile,
    ipv6Ra: boot.dhcp_ipv6_ra,
    user: os.userInfo().username,
    logDhcp: opts.logDhcp ?? true,
  };
  const problem = configProblem(input);
  if (problem) throw new ConfigError(`dnsmasq mode: ${problem}`);
  const binary = await resolveExecutable(boot.dnsmasq_path);

  await fs.mkdir(files.hostsDir, { recursive: true });
  await stopLeftover(files.pid, files.conf, log);
  await fs.writeFile(files.conf, dnsmasqConfig(input));
  await fs.appendFile(files.leaseFile, '');
  const table = new HostTable();
  await writeHostFiles(files.hostsDir, table.entries());

  const argv = [
    ...(opts.netns ? ['ip', 'netns', 'exec', opts.netns] : []),
    binary,
    '--keep-in-foreground',
    `--conf-file=${files.conf}`,
    '--log-facility=-',
    '--pid-file=',
  ];
  let child: ChildProcess | undefined;
  const reads = new EventEmitter();
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  /** Starts one dnsmasq; resolves when it says it started, rejects with a ConfigError if it exits first. */
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const startedAt = Date.now();
      let ready = false;
      let lastLine = '';
      const onLine = (line: string) => {
        const text = line.replace(/^dnsmasq(-\w+)?(\[\d+\])?: /, '');
        lastLine = text;
        const read = /^read (\S+)$/.exec(text);
        if (read) reads.emit('read', read[1]);
        log.info({ dnsmasq_pid: proc.pid }, `dnsmasq: ${text}`);
        if (!ready && READY_LINE.test(line)) {
          ready = true;
          log.info({ pid: proc.pid, interface: boot.dhcp_interface, range: boot.dhcp_range, netns: opts.netns }, 'dnsmasq started');
          recordPid(files.pid, proc.pid).then(resolve, resolve);
        }
      };
      readline.createInterface({ input: proc.stdout }).on('line', onLine);
      readline.createInterface({ input: proc.stderr }).on('line', onLine);
      proc.once('error', (err: NodeJS.ErrnoException) =>
        reject(new ConfigError(`boot.dnsmasq_path: cannot run ${argv[0]}: ${err.message}`)),
      );
      proc.once('exit', (code, signal) => {
        if (child === proc) child = undefined;
        // Let readline deliver the last stderr lines before judging the exit.
        setImmediate(() => {
          if (!ready) {
            reject(translateExit(code, signal, lastLine, boot.dhcp_interface));
            return;
          }
          if (stopping) return;
          if (Date.now() - startedAt > STABLE_MS) failures = 0;
          log.error({ code, signal, last: lastLine }, 'dnsmasq exited');
          scheduleRestart();
        });
      });
    });

  const scheduleRestart = () => {
    failures += 1;
    const { min, max } = opts.restartDelayMs ?? { min: 1000, max: 30_000 };
    const delay = Math.min(max, min * 2 ** (failures - 1));
    log.warn({ restart_in_ms: delay, failures }, 'restarting dnsmasq');
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      launch().catch((err: Error) => {
        log.error({ err: err.message }, 'dnsmasq restart failed');
        if (!stopping) scheduleRestart();
      });
    }, delay);
  };

  await launch();

  // Host-file updates run one at a time. Each waits (briefly) until dnsmasq's inotify watch has
  // read the changed files, so a caller knows the next DHCP answer already reflects them.
  let queue: Promise<void> = Promise.resolve();
  const writeOut = () => {
    queue = queue
      .then(async () => {
        const seen = new Set<string>();
        const onRead = (file: string) => seen.add(file);
        reads.on('read', onRead);
        try {
          const { written } = await writeHostFiles(files.hostsDir, table.entries());
          const until = Date.now() + 2000;
          while (child && written.some((f) => !seen.has(f)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
          const unread = written.filter((f) => !seen.has(f));
          if (child && unread.length) log.warn({ files: unread }, 'dnsmasq has not confirmed reading these host files within 2 s');
        } finally {
          reads.off('read', onRead);
        }
      })
      .catch((err: Error) => log.error({ err: err.message, dir: files.hostsDir }, 'cannot write dnsmasq host files'));
    return queue;
  };

  return {
    get pid() {
      return child?.pid;
    },
    leaseFile: files.leaseFile,
    hostsDir: files.hostsDir,
    async syncHosts(macs, secureBootMacs) {
      if (table.setKnown(macs, secureBootMacs)) await writeOut();
    },
    async tftpServed(clientAddress, file) {
      if (!isIpxeBinary(file)) return;
      const mac = await macForIp(files.leaseFile, clientAddress);
      if (!mac) {
        log.warn(
          { client: clientAddress, file },
          'TFTP client has no dnsmasq lease: its iPXE will be handed the binary again instead of the boot script (is another DHCP server on this network?)',
        );
        return;
      }
      if (table.markChained(mac))
        log.info({ mac, client: clientAddress, file }, 'iPXE binary served; next DHCP from this MAC gets the boot script URL');
      await writeOut();
    },
    async bootScriptServed(mac) {
      if (table.clearChained(mac)) await writeOut();
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await queue;
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
      await recordPid(files.pid, undefined);
      log.info({ pid: proc.pid }, 'dnsmasq stopped');
    },
  };
}

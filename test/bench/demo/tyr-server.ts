// The real `tyr server`, run from source as a child process with its log in a file: http_basic
// with the demo's htpasswd, the agent ramdisk as the default deploy kernel and ramdisk, and its
// API and boot server published at 10.0.2.2, which is the host's loopback as the lab's QEMU
// guests (user-mode networking) see it. No TFTP: the VMs' iPXE ROM boots over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../ramdisk-elements/build.js';

export interface TyrServerOptions {
  dataDir: string;
  apiPort: number;
  bootPort: number;
  htpasswdFile: string;
  readerUsers: string[];
  logFile: string;
  /** Files under the boot root that every node deploys with unless its driver_info says otherwise. */
  deployKernel: string;
  deployRamdisk: string;
}

export interface TyrServer {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

/** The environment without the caller's own TYR_* settings, which would change what the demo runs. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TYR_')));
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function logTail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startTyrServer(o: TyrServerOptions, timeoutMs = 60_000): Promise<TyrServer> {
  const log = fs.openSync(o.logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'cli', 'main.ts'),
      'server',
      '--data-dir',
      o.dataDir,
      '--api-port',
      String(o.apiPort),
      '--boot-http-port',
      String(o.bootPort),
      '--tftp-port',
      '0',
      '--auth-strategy',
      'http_basic',
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', log, log],
      env: {
        ...cleanEnv(),
        TYR_LOG_LEVEL: 'info',
        TYR_API_HTPASSWD_FILE: o.htpasswdFile,
        TYR_API_READER_USERS: o.readerUsers.join(','),
        TYR_API_PUBLIC_URL: `http://10.0.2.2:${o.apiPort}`,
        TYR_BOOT_PUBLIC_URL: `http://10.0.2.2:${o.bootPort}`,
        TYR_BOOT_DEPLOY_KERNEL: o.deployKernel,
        TYR_BOOT_DEPLOY_RAMDISK: o.deployRamdisk,
        // Adopt what the BMC reports rather than force the recorded state: the demo's instance
        // image powers itself off once it has booted, and forcing would start it again and again.
        TYR_CONDUCTOR_FORCE_POWER_STATE_DURING_SYNC: 'false',
      },
    },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${o.apiPort}`;
  const server: TyrServer = {
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exitOf(child);
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `tyr server exited (${child.exitCode ?? child.signalCode}) before it answered; the end of ${o.logFile}:\n${logTail(o.logFile)}`,
      );
    // The version document answers without credentials once the API is ready (503 before).
    const ok = await fetch(`${url}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`tyr server did not answer on ${url} within ${timeoutMs / 1000} s; the end of ${o.logFile}:\n${logTail(o.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

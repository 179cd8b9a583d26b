// The Tyr that lab e2e tests run against, and the lab in front of it: a child `tyr server`
// whose boot root holds the agent ramdisk (plus any files a test adds), with its boot and API
// servers published at 10.0.2.2 (the host's loopback as QEMU user-mode guests see it), and lab
// machines enrolled with that ramdisk as deploy kernel/ramdisk.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { labUp, type Lab, type LabOptions } from '../bench/lab/lab.js';
import { freeTcpPort } from '../helpers/ports.js';
import { startTyrServer, type TyrProcess } from '../helpers/tyr-process.js';

export interface LabTyrOptions {
  dataDir: string;
  ramdisk: { kernel: string; initramfs: string };
  /** Extra boot-root files: path under the boot root → source file. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  args?: string[];
}

export interface LabTyr {
  tyr: TyrProcess;
  /** The boot server as the lab's guests reach it. */
  bootUrl: string;
}

export async function startLabTyr(o: LabTyrOptions): Promise<LabTyr> {
  const boot = path.join(o.dataDir, 'boot');
  const files = { 'tyr.kernel': o.ramdisk.kernel, 'tyr.initramfs': o.ramdisk.initramfs, ...o.files };
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(boot, name)), { recursive: true });
    fs.copyFileSync(source, path.join(boot, name));
  }
  const [bootPort, apiPort] = [await freeTcpPort(), await freeTcpPort()];
  const tyr = await startTyrServer(
    ['--data-dir', o.dataDir, '--boot-http-port', String(bootPort), '--api-port', String(apiPort), ...(o.args ?? [])],
    {
      TYR_BOOT_PUBLIC_URL: `http://10.0.2.2:${bootPort}`,
      TYR_API_PUBLIC_URL: `http://10.0.2.2:${apiPort}`,
      // Lab instances power themselves off and tests drive power through the BMC: do not fight them.
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0',
      TYR_CONDUCTOR_AGENT_COMMAND_POLL_INTERVAL_MS: '1000',
      ...o.env,
    },
  );
  return { tyr, bootUrl: `http://10.0.2.2:${bootPort}` };
}

/** A lab of `nodes` machines enrolled into that Tyr, booting the ramdisk it serves. */
export function labFor(t: LabTyr, dir: string, opts: Omit<LabOptions, 'dir' | 'tyrUrl' | 'bootUrl'>): Promise<Lab> {
  return labUp({
    dir,
    tyrUrl: t.tyr.url,
    bootUrl: t.bootUrl,
    deployKernel: 'tyr.kernel',
    deployRamdisk: 'tyr.initramfs',
    memoryMb: 1024,
    cpus: 1,
    ...opts,
  });
}

/**
 * An image server that answers and then sends nothing: a deploy's first heartbeat starts the
 * download, and the node stays in "deploying" with its agent up while the test talks to it.
 */
export interface StalledImageServer {
  port: number;
  /** Patch ops pointing a node's instance_info at this server, as a guest reaches it. */
  instanceInfoPatch: { op: 'add'; path: string; value: string }[];
  close: () => void;
}

export async function startStalledImageServer(): Promise<StalledImageServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(2 ** 30) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    instanceInfoPatch: [
      { op: 'add', path: '/instance_info/image_source', value: `http://10.0.2.2:${port}/images/stalled.raw` },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: 'ab'.repeat(32) },
    ],
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

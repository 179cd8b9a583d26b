// `npm run demo`: Tyr with the real agent ramdisk and a two-node lab rack, ready to look at in
// the browser. Each step says what it does; everything it starts is registered with the
// Teardown, which Ctrl-C (or a failed step) runs. Every run starts from an empty database.
import fs from 'node:fs';
import path from 'node:path';
import type { Lab } from '../lab/lab.js';
import { INSTANCE_MARKER } from '../lab/test-image.js';
import { ensureInstanceImage, ensureRamdisk, ensureUi } from './artifacts.js';
import { writeDemoCredentials, type DemoCredentials } from './credentials.js';
import { refuseIfRunning, demoStateFile, writeDemoState } from './demo-state.js';
import { claimPort, requireDemoTools } from './preflight.js';
import { startRack } from './rack.js';
import type { Teardown } from './teardown.js';
import { startTyrServer, type TyrServer } from './tyr-server.js';

export interface DemoOptions {
  /** Everything the demo writes: Tyr's data dir, the lab, the htpasswd file, tyr.log. */
  dir: string;
  apiPort: number;
  bootPort: number;
  nodes: number;
  clean: boolean;
}

export interface RunningDemo {
  url: string;
  uiUrl: string;
  bootPort: number;
  credentials: DemoCredentials;
  server: TyrServer;
  lab: Lab;
  logFile: string;
  imageSha256: string;
}

const DEPLOY_KERNEL = 'tyr.kernel';
const DEPLOY_RAMDISK = 'tyr.initramfs';
/** An image_source naming a boot-root file needs no checksum: Tyr hashes it for the agent. */
const INSTANCE_IMAGE = 'demo-instance.raw';

async function step<T>(say: (line: string) => void, what: string, run: () => Promise<T>): Promise<T> {
  say(`${what}…`);
  const started = Date.now();
  const result = await run();
  say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

export async function startDemo(o: DemoOptions, say: (line: string) => void, teardown: Teardown): Promise<RunningDemo> {
  requireDemoTools();
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const dir = fs.realpathSync(o.dir);
  refuseIfRunning(dir);
  const apiPort = await claimPort(o.apiPort, 'the API and web console', '--api-port');
  const bootPort = await claimPort(o.bootPort, 'the HTTP boot server', '--boot-port');
  writeDemoState(dir, { pid: process.pid });
  teardown.add(`removing ${demoStateFile(dir)}`, () => Promise.resolve(fs.rmSync(demoStateFile(dir), { force: true })));

  const ramdisk = await step(say, 'agent ramdisk (npm run build:ramdisk, cached in .cache/ramdisk; about a minute when cold)', () =>
    ensureRamdisk(say, teardown),
  );
  const image = await step(say, 'instance image to deploy (cached in .cache/lab/images; about 25 s when cold)', () =>
    ensureInstanceImage(say, teardown),
  );
  await step(say, 'web console (dist/ui)', async () => say((await ensureUi()) ? '  built' : '  up to date'));

  const dataDir = path.join(dir, 'data');
  const labDir = path.join(dir, 'lab');
  // A fresh start: the previous run's nodes pointed at BMCs that are gone.
  for (const old of [dataDir, labDir]) fs.rmSync(old, { recursive: true, force: true });
  const bootRoot = path.join(dataDir, 'boot');
  fs.mkdirSync(bootRoot, { recursive: true, mode: 0o700 });
  fs.copyFileSync(ramdisk.kernel, path.join(bootRoot, DEPLOY_KERNEL));
  fs.copyFileSync(ramdisk.initramfs, path.join(bootRoot, DEPLOY_RAMDISK));
  fs.copyFileSync(image.raw, path.join(bootRoot, INSTANCE_IMAGE));
  const credentials = writeDemoCredentials(path.join(dir, 'htpasswd'));
  const logFile = path.join(dir, 'tyr.log');

  const server = await step(say, `tyr server on 127.0.0.1:${apiPort} (boot server :${bootPort}, log ${logFile})`, async () => {
    const s = await startTyrServer({
      dataDir,
      apiPort,
      bootPort,
      htpasswdFile: credentials.htpasswdFile,
      readerUsers: [credentials.reader.username],
      logFile,
      deployKernel: DEPLOY_KERNEL,
      deployRamdisk: DEPLOY_RAMDISK,
    });
    teardown.add(`stopping tyr server (pid ${s.pid})`, () => s.stop());
    say(`  pid ${s.pid}`);
    return s;
  });
  writeDemoState(dir, { pid: process.pid, tyrPid: server.pid, url: server.url, bootPort, labDir });
  // Cleaning takes minutes: the console already shows the nodes, so it is worth watching live.
  if (o.clean) say(`  watch the rack clean at ${server.url}/ui/ (admin / ${credentials.admin.password})`);

  const lab = await step(
    say,
    `lab rack: ${o.nodes} node${o.nodes === 1 ? '' : 's'} (ipmi_sim BMC + QEMU VM each), enrolled, managed and provided`,
    () =>
      startRack(
        {
          nodes: o.nodes,
          labDir,
          bootUrl: `http://10.0.2.2:${bootPort}`,
          tyrUrl: server.url,
          admin: credentials.admin,
          deployKernel: DEPLOY_KERNEL,
          deployRamdisk: DEPLOY_RAMDISK,
          clean: o.clean,
        },
        say,
        teardown,
      ),
  );
  return { url: server.url, uiUrl: `${server.url}/ui/`, bootPort, credentials, server, lab, logFile, imageSha256: image.rawSha256 };
}

/** The lines a person needs: where to look, who to log in as, where the logs are, how to stop. */
export function readyBanner(d: RunningDemo, seconds: number): string[] {
  const { admin, reader } = d.credentials;
  return [
    '',
    `Tyr demo is ready (${seconds} s)`,
    `  web console   ${d.uiUrl}`,
    `  admin         ${admin.username} / ${admin.password}   (may act)`,
    `  reader        ${reader.username} / ${reader.password}   (read-only)`,
    `  API           ${d.url}   e.g. TYR_URL=${d.url} TYR_USERNAME=${admin.username} TYR_PASSWORD=${admin.password} npx tyr node list`,
    `  boot server   http://127.0.0.1:${d.bootPort}/files/   (the VMs reach it as http://10.0.2.2:${d.bootPort})`,
    `  image         ${INSTANCE_IMAGE}: deploy with this image_source (a boot-root file, no checksum needed; sha256 ${d.imageSha256});`,
    `                it boots from the node's disk and prints ${INSTANCE_MARKER} on the node's console`,
    `  nodes         ${d.lab.nodes.map((n) => n.name).join(', ')}: available; their VMs are off until you deploy, clean or inspect one`,
    `  logs          ${d.logFile}; consoles ${path.join(d.lab.dir, '<node>', 'console.log')}`,
    'Press Ctrl-C to stop everything.',
  ];
}

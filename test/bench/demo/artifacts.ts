// The files the demo serves, built only when missing or stale: the agent ramdisk (its own
// build caches under .cache/ramdisk and rebuilds only when an input changed), an instance image
// to deploy (cached in .cache/lab/images) and the web console (dist/ui, rebuilt when a file
// under ui/ is newer than it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OUT, REPO_ROOT } from '../../../ramdisk-elements/build.js';
import { buildUi, DEFAULT_UI_OUT } from '../../../ui/build.js';
import type { TestImage } from '../lab/test-image.js';
import type { Teardown } from './teardown.js';

export interface Ramdisk {
  kernel: string;
  initramfs: string;
}

/**
 * Runs a build script as a child process and passes the lines that `show` picks on as progress;
 * resolves with its whole output. It runs in its own process group so that Ctrl-C stops it with
 * the tools it started.
 */
async function runBuild(what: string, script: string, show: RegExp, say: (line: string) => void, teardown: Teardown): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const finished = teardown.add(`stopping ${what}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (show.test(line)) say(`  ${line}`);
    });
  }
  const code = await exited;
  finished();
  if (code !== 0) throw new Error(`${what} failed:\n${lines.slice(-20).join('\n')}`);
  return lines;
}

/**
 * `npm run build:ramdisk`, which caches under .cache/ramdisk and rebuilds only when an input
 * changed: about a minute cold (2 cores), a few seconds cached. The size table is long; its
 * headline is what a reader wants here.
 */
export async function ensureRamdisk(say: (line: string) => void, teardown: Teardown): Promise<Ramdisk> {
  const script = path.join(REPO_ROOT, 'ramdisk-elements', 'build.ts');
  await runBuild('the ramdisk build (npm run build:ramdisk shows it alone)', script, /^(ramdisk |\.cache\/agent|modules:)/, say, teardown);
  return { kernel: path.join(DEFAULT_OUT, 'tyr.kernel'), initramfs: path.join(DEFAULT_OUT, 'tyr.initramfs') };
}

/** The lab's instance image (cached in .cache/lab/images; about 25 s cold), to deploy from the console. */
export async function ensureInstanceImage(say: (line: string) => void, teardown: Teardown): Promise<TestImage> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'instance-image.ts');
  const lines = await runBuild('the instance image build', script, /^(?!\{)/, say, teardown);
  const json = lines.filter((l) => l.startsWith('{')).pop();
  if (!json) throw new Error(`the instance image build printed no result:\n${lines.join('\n')}`);
  return JSON.parse(json) as TestImage;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ui when it is missing or older than a file under ui/; true when it built. */
export async function ensureUi(): Promise<boolean> {
  const index = path.join(DEFAULT_UI_OUT, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built > newestMtime(path.join(REPO_ROOT, 'ui'))) return false;
  await buildUi();
  return true;
}

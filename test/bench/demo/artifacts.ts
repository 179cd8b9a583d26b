// The files the demo serves, built only when missing or stale: the agent ramdisk (its own
// build caches under .cache/ramdisk and rebuilds only when an input changed) and the web
// console (dist/ui, rebuilt when a file under ui/ is newer than it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_OUT, REPO_ROOT } from '../../../ramdisk-elements/build.js';
import { buildUi, DEFAULT_UI_OUT } from '../../../ui/build.js';
import type { Teardown } from './teardown.js';

export interface Ramdisk {
  kernel: string;
  initramfs: string;
}

/**
 * `npm run build:ramdisk` as a child process, its lines passed on as progress: a cold build takes
 * about a minute (2 cores), a cached one a few seconds. It runs in its own process group so that
 * Ctrl-C stops it together with the agent build it may have started.
 */
export async function ensureRamdisk(say: (line: string) => void, teardown: Teardown): Promise<Ramdisk> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'ramdisk-elements', 'build.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  teardown.add('the ramdisk build', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      // The size table is long; its headline and the errors are what a reader wants here.
      if (/^(ramdisk |build:ramdisk|\.cache\/agent|modules:)/.test(line)) say(`  ${line}`);
    });
  }
  const code = await exited;
  if (code !== 0) throw new Error(`the ramdisk build failed (npm run build:ramdisk shows it alone):\n${tail.join('\n')}`);
  return { kernel: path.join(DEFAULT_OUT, 'tyr.kernel'), initramfs: path.join(DEFAULT_OUT, 'tyr.initramfs') };
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

// <demo dir>/demo.json: which demo runs there and what it started. It keeps a second demo out of
// a directory in use, and lets a test or an operator find every PID the demo is responsible for.
import fs from 'node:fs';
import path from 'node:path';
import { processAlive, processCmdline } from '../lab/pids.js';

export interface DemoState {
  /** The demo process itself. */
  pid: number;
  tyrPid?: number;
  url?: string;
  bootPort?: number;
  labDir?: string;
}

export const demoStateFile = (dir: string) => path.join(dir, 'demo.json');

export function readDemoState(dir: string): DemoState | undefined {
  try {
    return JSON.parse(fs.readFileSync(demoStateFile(dir), 'utf8')) as DemoState;
  } catch {
    return undefined;
  }
}

export function writeDemoState(dir: string, state: DemoState): void {
  const file = demoStateFile(dir);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** Fails when a live demo (a process whose command line names the demo) holds the directory. */
export function refuseIfRunning(dir: string): void {
  const old = readDemoState(dir);
  if (!old || old.pid === process.pid || !processAlive(old.pid)) return;
  if (!processCmdline(old.pid)?.includes('demo')) return;
  throw new Error(
    `a demo is already running in ${dir} (pid ${old.pid}): stop it with Ctrl-C in its terminal (or kill -INT ${old.pid}), or use another --dir`,
  );
}

// The lab CLI as a newcomer runs it (`npm run lab -- ...` from the repository root), in a scratch
// directory of its own: the lab directory and a private TMPDIR, so a test can prove the lab leaves
// no file outside its directory. Shared by the IPMI and the Redfish lab CLI tests.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireTool } from './tools.js';

const execFileP = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LabCliSandbox {
  /** The scratch directory: it holds only `lab` and `tmp`. */
  work: string;
  labDir: string;
  /** The CLI's TMPDIR. */
  tmp: string;
  /** Runs `npm run lab -- <args>` with the sandbox's TMPDIR. */
  lab: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
  /** Files the lab left in its TMPDIR, but for tsx's compile cache (tsx-*, tsx runs `npm run lab`). */
  leftInTmp: () => string[];
}

/**
 * Call inside a describe(): before the suite it checks `tools` and makes the scratch directory;
 * after it, runs `down` if a lab is still up (an assertion failed before the test's own `down`)
 * and removes the directory. The fields are set once the before hook has run.
 */
export function labCliSandbox(prefix: string, tools: string[]): LabCliSandbox {
  const sandbox: LabCliSandbox = {
    work: '',
    labDir: '',
    tmp: '',
    lab: (...args) =>
      execFileP('npm', ['run', '--silent', 'lab', '--', ...args], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: sandbox.tmp },
        encoding: 'utf8',
      }),
    leftInTmp: () => fs.readdirSync(sandbox.tmp, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('tsx-')),
  };
  before(() => {
    for (const tool of tools) requireTool(tool);
    sandbox.work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    sandbox.labDir = path.join(sandbox.work, 'lab');
    sandbox.tmp = path.join(sandbox.work, 'tmp');
    fs.mkdirSync(sandbox.tmp);
  });
  after(async () => {
    if (fs.existsSync(path.join(sandbox.labDir, 'lab.json'))) await sandbox.lab('down', '--dir', sandbox.labDir).catch(() => undefined);
    fs.rmSync(sandbox.work, { recursive: true, force: true });
  });
  return sandbox;
}

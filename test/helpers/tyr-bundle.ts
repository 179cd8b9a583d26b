// `tyr` as an operator runs it, for benchmarks: the CLI bundled with esbuild and started with the
// Node flags of its shebang line. A process under tsx carries the TypeScript loader (~100 MB),
// which would distort every RSS figure. The bundle sits in this checkout's .cache/ (git ignores it):
// package imports resolve through the checkout's node_modules, and worktrees that share one
// node_modules (through a symlink) do not overwrite each other's bundle while a benchmark runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Node flags `tyr` runs with: the ones on cli/main.ts's shebang line. */
function tyrNodeFlags(): string[] {
  const shebang = fs.readFileSync(path.join(ROOT, 'cli/main.ts'), 'utf8').split('\n')[0]!;
  return shebang
    .replace(/^#!.*?\bnode\b/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/** Builds the bundle and returns the node arguments that run it (append tyr's own arguments). */
export async function bundledTyr(): Promise<string[]> {
  const outfile = path.join(ROOT, '.cache/tyr-bench/tyr.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return [...tyrNodeFlags(), outfile];
}

const statusMb = (pid: number, field: string): number =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Resident memory now, in MiB. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');
/** The most resident memory the process ever had (high-water mark), in MiB. */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

// `npm run build:ramdisk [-- --out <dir>] [--force] [--agent <file>] [--elements a,b] [--compress zstd|gzip|xz]`
// Builds Tyr's ramdisk (tyr.kernel + tyr.initramfs) from the elements in this directory,
// without diskimage-builder: a Debian kernel package, the host's installed tools with their
// shared libraries, and the agent executable (`npm run build:agent`). It rebuilds only when an
// input changed (a stamp of their hashes in the output dir), prints a size table and fails
// when the compressed initramfs exceeds the 80 MB target.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { elementFiles, resolveElements } from './lib/elements.js';
import { ensureKernelTree, requireCommand } from './lib/kernel.js';
import { packInitramfs, type Compression } from './lib/pack.js';
import { buildRootfs } from './lib/rootfs.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'ramdisk');
export const DEFAULT_OUT = path.join(CACHE_DIR, 'out');
export const DEFAULT_AGENT = path.join(REPO_ROOT, '.cache', 'agent', 'tyr-agent');
export const SIZE_LIMIT = 80 * 1000 * 1000;

export interface BuildOptions {
  out?: string;
  force?: boolean;
  /** The agent executable; default .cache/agent/tyr-agent, made (or refreshed) by `npm run build:agent`. */
  agent?: string;
  /** Top elements (their element-deps are added); default tyr-burnin, which pulls in the rest. */
  elements?: string[];
  /** Initramfs compression (default zstd, see lib/pack.ts). */
  compression?: Compression;
  log?: (line: string) => void;
}

export interface BuildResult {
  kernel: string;
  initramfs: string;
  cached: boolean;
  kernelPackage: string;
  compression: Compression;
  sizes: { kernel: number; compressed: number; uncompressed: number };
  components: [string, number][];
}

/**
 * The agent executable: --agent as given, else `npm run build:agent` (which rebuilds only when
 * agent/** or protocol/** changed, in under a second otherwise), so the ramdisk never carries a stale agent.
 */
function ensureAgent(agent: string | undefined, log: (l: string) => void): string {
  if (agent) {
    if (!fs.existsSync(agent)) throw new Error(`agent executable ${agent} does not exist`);
    return agent;
  }
  if (!fs.existsSync(DEFAULT_AGENT)) log(`${path.relative(REPO_ROOT, DEFAULT_AGENT)} is missing: running npm run build:agent`);
  try {
    execFileSync('npm', ['run', '--silent', 'build:agent'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(
      `npm run build:agent failed, so the ramdisk has no agent to carry (is agent/ ready? or pass --agent <file>):\n${e.stdout ?? ''}${e.stderr ?? String(err)}`,
      { cause: err },
    );
  }
  if (!fs.existsSync(DEFAULT_AGENT)) throw new Error(`npm run build:agent succeeded but did not write ${DEFAULT_AGENT}`);
  return DEFAULT_AGENT;
}

const sha = (h: crypto.Hash, file: string) => h.update(file).update(fs.readFileSync(file));

function stampOf(parts: { deb: string; compression: string; elementFiles: string[]; agent: string; hostBinaries: string[] }): string {
  const h = crypto.createHash('sha256');
  h.update(path.basename(parts.deb)).update(parts.compression);
  for (const f of [...parts.elementFiles, parts.agent]) sha(h, f);
  for (const f of fs.readdirSync(path.join(HERE, 'lib')).sort()) sha(h, path.join(HERE, 'lib', f));
  sha(h, fileURLToPath(import.meta.url));
  // Host tools change with package upgrades: their size and mtime are enough to notice.
  for (const b of parts.hostBinaries) {
    const p = b.includes('/') ? b : execFileSync('sh', ['-c', `command -v '${b}' || true`], { encoding: 'utf8' }).trim();
    const st = p ? fs.statSync(p) : undefined;
    h.update(`${b}:${p}:${st?.size}:${st?.mtimeMs}`);
  }
  return h.digest('hex');
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function printSizes(r: BuildResult, log: (l: string) => void): void {
  const rows: [string, string][] = [
    ['kernel (tyr.kernel)', mb(r.sizes.kernel)],
    [`initramfs compressed (tyr.initramfs, ${r.compression})`, `${mb(r.sizes.compressed)}   (target < ${mb(SIZE_LIMIT)})`],
    ['initramfs uncompressed (cpio)', mb(r.sizes.uncompressed)],
    ...r.components.slice(0, 12).map(([n, b]): [string, string] => [`  ${n}`, mb(b)]),
  ];
  const w = Math.max(...rows.map(([n]) => n.length));
  log(`ramdisk ${r.cached ? '(cached, inputs unchanged)' : 'built'}: ${r.kernelPackage}`);
  for (const [n, v] of rows) log(`  ${n.padEnd(w)}  ${v.padStart(9)}`);
  log(`  largest components listed above (executables with the libraries they brought in)`);
}

export function buildRamdisk(opts: BuildOptions = {}): BuildResult {
  const log = opts.log ?? ((l: string) => console.log(l));
  for (const [cmd, pkg] of [
    ['cpio', 'cpio'],
    ['gzip', 'gzip'],
    ['ldd', 'libc-bin'],
    ['readelf', 'binutils'],
    ['busybox', 'busybox-static'],
  ])
    requireCommand(cmd!, pkg!);
  const out = path.resolve(opts.out ?? DEFAULT_OUT);
  fs.mkdirSync(out, { recursive: true });
  const elements = resolveElements(HERE, opts.elements ?? ['tyr-burnin']);
  const kernel = ensureKernelTree(CACHE_DIR);
  const agent = ensureAgent(opts.agent, log);
  const compression = opts.compression ?? 'zstd';
  const stamp = stampOf({
    deb: kernel.deb,
    compression,
    elementFiles: elementFiles(elements),
    agent,
    hostBinaries: ['busybox', ...elements.flatMap((e) => e.binaries)],
  });
  const kernelOut = path.join(out, 'tyr.kernel');
  const initrdOut = path.join(out, 'tyr.initramfs');
  const stampFile = path.join(out, 'stamp.json');
  if (!opts.force && fs.existsSync(stampFile) && fs.existsSync(kernelOut) && fs.existsSync(initrdOut)) {
    const prev = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as BuildResult & { stamp: string };
    if (prev.stamp === stamp) return finish({ ...prev, kernel: kernelOut, initramfs: initrdOut, cached: true }, log);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ramdisk-root-'));
  try {
    const rootfs = buildRootfs({ root, elements, kernel, agent });
    log(
      `modules: ${rootfs.modules.files} files; built into the kernel: ${rootfs.modules.builtin.join(' ') || 'none'}; busybox applets linked: ${rootfs.applets}`,
    );
    fs.copyFileSync(kernel.vmlinuz, kernelOut);
    const sizes = { kernel: fs.statSync(kernelOut).size, ...packInitramfs(root, initrdOut, compression) };
    const components = [...rootfs.components].sort((a, b) => b[1] - a[1]);
    const result: BuildResult = {
      kernel: kernelOut,
      initramfs: initrdOut,
      cached: false,
      kernelPackage: kernel.package,
      compression,
      sizes,
      components,
    };
    fs.writeFileSync(stampFile, `${JSON.stringify({ ...result, stamp }, null, 2)}\n`);
    return finish(result, log);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function finish(r: BuildResult, log: (l: string) => void): BuildResult {
  printSizes(r, log);
  if (r.sizes.compressed >= SIZE_LIMIT) {
    throw new Error(
      `the initramfs is ${mb(r.sizes.compressed)} compressed, over the ${mb(SIZE_LIMIT)} target: drop something from the elements' tyr-binaries/modules.list`,
    );
  }
  return r;
}

function parseArgs(argv: string[]): BuildOptions {
  const opts: BuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--force') opts.force = true;
    else if (a === '--out') opts.out = val();
    else if (a === '--agent') opts.agent = val();
    else if (a === '--elements') opts.elements = val().split(',');
    else if (a === '--compress') {
      const c = val();
      if (c !== 'zstd' && c !== 'gzip' && c !== 'xz') throw new Error(`--compress takes zstd, gzip or xz, not ${c}`);
      opts.compression = c;
    } else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run build:ramdisk -- [--out <dir>] [--force] [--agent <file>] [--elements tyr-burnin] [--compress zstd|gzip|xz]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = buildRamdisk(parseArgs(process.argv.slice(2)));
    console.log(`kernel:    ${r.kernel}\ninitramfs: ${r.initramfs}`);
  } catch (err) {
    console.error(`build:ramdisk: ${(err as Error).message}`);
    process.exit(1);
  }
}

// The lab's test ramdisk: a Debian kernel and a busybox-only initramfs whose /init prints
// `TYR-TEST-RAMDISK-BOOTED node=<tyr-node-uuid>` on the serial console. It stands in for the
// agent's ramdisk until that exists. The Debian kernel has the 8250 serial driver built in, so
// printing the marker needs no modules.
//
// Both files are cached under <repo>/.cache/lab (git-ignored). The kernel is fetched once with
// `apt-get download` + `dpkg -x` (no install). The initramfs is named by a hash of its inputs
// (the busybox binary and ramdisk/init), so it is rebuilt exactly when one of them changes.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTool } from './tools.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../../..');
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'lab');
const INIT_SCRIPT = path.join(HERE, 'ramdisk', 'init');
const BUSYBOX = '/bin/busybox';

/** The line the test ramdisk prints once it runs, for a node UUID. */
export function ramdiskMarker(nodeUuid: string): string {
  return `TYR-TEST-RAMDISK-BOOTED node=${nodeUuid}`;
}

export interface TestRamdisk {
  kernel: string;
  ramdisk: string;
  /** Debian package the kernel came from. */
  kernelPackage: string;
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** linux-image-6.1.0-<N>-amd64 that Debian's linux-image-amd64 currently points at. */
function currentKernelPackage(): string {
  if (process.env.TYR_LAB_KERNEL_PACKAGE) return process.env.TYR_LAB_KERNEL_PACKAGE;
  const out = run('apt-cache', ['depends', 'linux-image-amd64']);
  const m = /Depends: (linux-image-[0-9.]+-\d+-amd64)\b/.exec(out);
  if (!m)
    throw new Error(
      `cannot find the kernel package behind linux-image-amd64 (apt-cache depends said: ${out.trim()}); run apt-get update, or set TYR_LAB_KERNEL_PACKAGE`,
    );
  return m[1]!;
}

function ensureKernel(cacheDir: string): { kernel: string; kernelPackage: string } {
  const kernelPackage = currentKernelPackage();
  const dir = path.join(cacheDir, 'kernel', kernelPackage);
  const kernel = path.join(dir, 'vmlinuz');
  if (fs.existsSync(kernel)) return { kernel, kernelPackage };
  requireTool('apt-get', 'apt');
  requireTool('dpkg', 'dpkg');
  const work = fs.mkdtempSync(path.join(cacheDir, 'kernel-tmp-'));
  try {
    run('apt-get', ['download', kernelPackage], work);
    const deb = fs.readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${kernelPackage} produced no .deb in ${work}`);
    run('dpkg', ['-x', deb, 'root'], work);
    const boot = path.join(work, 'root', 'boot');
    const vmlinuz = fs.readdirSync(boot).find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new Error(`${kernelPackage} has no /boot/vmlinuz-*`);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(boot, vmlinuz), `${kernel}.tmp`);
    fs.renameSync(`${kernel}.tmp`, kernel);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { kernel, kernelPackage };
}

function requireStaticBusybox(): void {
  if (!fs.existsSync(BUSYBOX))
    throw new Error(`${BUSYBOX} is missing: install the Debian package busybox-static (bash scripts/install-system-deps.sh)`);
  // A dynamic busybox would need its libraries inside the initramfs.
  const header = fs.readFileSync(BUSYBOX).subarray(0, 4096);
  if (header.includes(Buffer.from('/lib64/ld-linux'))) {
    throw new Error(`${BUSYBOX} is dynamically linked: install the Debian package busybox-static instead of busybox`);
  }
}

function ensureInitramfs(cacheDir: string): string {
  requireStaticBusybox();
  requireTool('cpio', 'cpio');
  requireTool('gzip', 'gzip');
  const hash = crypto.createHash('sha256').update(fs.readFileSync(BUSYBOX)).update(fs.readFileSync(INIT_SCRIPT)).digest('hex').slice(0, 16);
  const out = path.join(cacheDir, `test-ramdisk-${hash}.cpio.gz`);
  if (fs.existsSync(out)) return out;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-test-ramdisk-'));
  try {
    for (const d of ['bin', 'sbin', 'proc', 'sys', 'dev', 'tmp']) fs.mkdirSync(path.join(root, d));
    fs.copyFileSync(BUSYBOX, path.join(root, 'bin', 'busybox'));
    fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
    fs.symlinkSync('busybox', path.join(root, 'bin', 'sh'));
    fs.copyFileSync(INIT_SCRIPT, path.join(root, 'init'));
    fs.chmodSync(path.join(root, 'init'), 0o755);
    // newc cpio of the tree, gzip'd: the format the kernel unpacks as an initramfs.
    execFileSync('sh', ['-c', `find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9 > '${out}.tmp'`], { cwd: root });
    fs.renameSync(`${out}.tmp`, out);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return out;
}

/** Builds (or reuses from the cache) the test kernel and initramfs. */
export function ensureTestRamdisk(cacheDir = DEFAULT_CACHE_DIR): TestRamdisk {
  fs.mkdirSync(cacheDir, { recursive: true });
  const { kernel, kernelPackage } = ensureKernel(cacheDir);
  return { kernel, ramdisk: ensureInitramfs(cacheDir), kernelPackage };
}

// The ramdisk's kernel: Debian's newest linux-image-6.1.0-<N>-amd64, fetched with
// `apt-get download` and unpacked with `dpkg -x` (never installed). The unpacked tree is cached
// under <cache>/kernel/<package>/root, with `depmod` already run on it (Debian's package ships
// no modules.dep), so the module resolver can read its dependency files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface KernelTree {
  package: string;
  /** The .deb file (an input of the build stamp). */
  deb: string;
  /** Kernel release, e.g. 6.1.0-56-amd64. */
  version: string;
  vmlinuz: string;
  /** <root>/lib/modules/<version> */
  modulesDir: string;
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

export function requireCommand(cmd: string, debianPackage: string): void {
  try {
    run('sh', ['-c', `command -v '${cmd}'`]);
  } catch {
    throw new Error(`${cmd} is missing: install the Debian package ${debianPackage} (bash scripts/install-system-deps.sh)`);
  }
}

/** The newest linux-image-6.1.0-<N>-amd64 apt knows (TYR_RAMDISK_KERNEL_PACKAGE overrides). */
export function newestKernelPackage(): string {
  if (process.env.TYR_RAMDISK_KERNEL_PACKAGE) return process.env.TYR_RAMDISK_KERNEL_PACKAGE;
  const out = run('apt-cache', ['search', '--names-only', '^linux-image-6\\.1\\.0-[0-9]+-amd64$']);
  const ns = [...out.matchAll(/^linux-image-6\.1\.0-(\d+)-amd64 /gm)].map((m) => Number(m[1]));
  if (ns.length === 0) {
    throw new Error(
      'apt knows no linux-image-6.1.0-<N>-amd64 package: run apt-get update (Debian 12 sources), or set TYR_RAMDISK_KERNEL_PACKAGE',
    );
  }
  return `linux-image-6.1.0-${Math.max(...ns)}-amd64`;
}

/** Downloads and unpacks the kernel package once; later calls reuse the cache. */
export function ensureKernelTree(cacheDir: string, pkg = newestKernelPackage()): KernelTree {
  const dir = path.join(cacheDir, 'kernel', pkg);
  const done = path.join(dir, 'ready.json');
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as KernelTree;
  requireCommand('apt-get', 'apt');
  requireCommand('dpkg', 'dpkg');
  requireCommand('depmod', 'kmod');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  try {
    run('apt-get', ['download', pkg], dir);
  } catch (err) {
    throw new Error(
      `apt-get download ${pkg} failed (is the Debian mirror reachable? run apt-get update): ${(err as { stderr?: string }).stderr ?? String(err)}`,
      { cause: err },
    );
  }
  const debName = fs.readdirSync(dir).find((f) => f.endsWith('.deb'));
  if (!debName) throw new Error(`apt-get download ${pkg} produced no .deb in ${dir}`);
  const root = path.join(dir, 'root');
  run('dpkg', ['-x', debName, 'root'], dir);
  const modulesBase = path.join(root, 'lib', 'modules');
  const version = fs.readdirSync(modulesBase)[0];
  if (!version) throw new Error(`${pkg} has no /lib/modules/<version>`);
  const vmlinuz = path.join(root, 'boot', `vmlinuz-${version}`);
  if (!fs.existsSync(vmlinuz)) throw new Error(`${pkg} has no /boot/vmlinuz-${version}`);
  run('depmod', ['-b', root, version]);
  const tree: KernelTree = { package: pkg, deb: path.join(dir, debName), version, vmlinuz, modulesDir: path.join(modulesBase, version) };
  fs.writeFileSync(done, `${JSON.stringify(tree, null, 2)}\n`);
  return tree;
}

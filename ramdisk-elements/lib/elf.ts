// Copies host executables into the ramdisk tree together with the shared libraries `ldd`
// reports and the dynamic loader. Files keep their host path, with directories resolved
// (Debian's /lib is a link to /usr/lib, and so is the ramdisk's), and library names kept as
// the soname ldd printed, so that the loader finds them under the same name in the ramdisk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Bytes added to the tree per component (an executable and the libraries it brought first). */
export type Components = Map<string, number>;

function which(cmd: string): string {
  if (cmd.includes('/')) return cmd;
  try {
    return execFileSync('sh', ['-c', `command -v '${cmd}'`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${cmd} is not on this host's PATH: install it (bash scripts/install-system-deps.sh), or remove it from the element's tyr-binaries`,
    );
  }
}

/** Host path with its directory resolved (not the file itself: sonames are links). */
function hostPath(p: string): string {
  return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
}

/** The libraries (and loader) an ELF executable needs, as ldd reports them. */
export function sharedLibraries(file: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // "not a dynamic executable": a static binary needs nothing.
    if (
      /not a dynamic executable/.test(String((err as { stderr?: string }).stderr ?? '') + String((err as { stdout?: string }).stdout ?? ''))
    )
      return [];
    throw err;
  }
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    if (/not found/.test(line)) throw new Error(`${file}: ${line.trim()} (install the package that provides it)`);
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

function copyInto(root: string, host: string, dest = hostPath(host)): number {
  const target = path.join(root, dest);
  if (fs.existsSync(target)) return 0;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(host, target); // follows the host's links: the tree gets the real bytes
  fs.chmodSync(target, fs.statSync(host).mode & 0o777);
  return fs.statSync(target).size;
}

/**
 * Copies an executable (command name or path) and its libraries into root; `dest` overrides the
 * executable's path inside the tree. Returns the path inside the tree.
 */
export function installExecutable(root: string, cmd: string, components: Components, dest?: string): string {
  const host = which(cmd);
  const inTree = dest ?? hostPath(host);
  let bytes = copyInto(root, host, inTree);
  for (const lib of sharedLibraries(host)) bytes += copyInto(root, lib);
  const name = path.basename(inTree);
  components.set(name, (components.get(name) ?? 0) + bytes);
  return inTree;
}

/** `readelf -d` DT_NEEDED entries of an ELF file (empty for static or non-ELF files). */
export function neededLibraries(file: string): string[] {
  const out = execFileSync('readelf', ['-dW', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]!);
}

export function isElf(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    return fs.readSync(fd, b, 0, 4, 0) === 4 && b.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    fs.closeSync(fd);
  }
}

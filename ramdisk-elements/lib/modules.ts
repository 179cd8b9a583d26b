// Picks kernel modules for the ramdisk: the wanted names plus their hard dependencies
// (modules.dep) and soft dependencies (modules.softdep, e.g. ext4 → crc32c), resolved through
// modules.alias when a name is an alias. Names built into the kernel (modules.builtin) need no
// file. The copy gets its own `depmod -b`, so its modules.dep matches exactly what is there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelTree } from './kernel.js';

const norm = (name: string) => name.replace(/-/g, '_');
const modName = (file: string) => norm(path.basename(file).replace(/\.ko(\.(xz|gz|zst))?$/, ''));

interface ModuleIndex {
  file: Map<string, string>;
  deps: Map<string, string[]>;
  soft: Map<string, string[]>;
  alias: Map<string, string[]>;
  builtin: Set<string>;
}

function readIndex(dir: string): ModuleIndex {
  const idx: ModuleIndex = { file: new Map(), deps: new Map(), soft: new Map(), alias: new Map(), builtin: new Set() };
  for (const line of fs.readFileSync(path.join(dir, 'modules.dep'), 'utf8').split('\n')) {
    const [file, rest] = line.split(':');
    if (!file || rest === undefined) continue;
    const name = modName(file);
    idx.file.set(name, file);
    idx.deps.set(name, rest.trim().split(/\s+/).filter(Boolean).map(modName));
  }
  const softFile = path.join(dir, 'modules.softdep');
  for (const line of fs.existsSync(softFile) ? fs.readFileSync(softFile, 'utf8').split('\n') : []) {
    const m = /^softdep\s+(\S+)\s+(.*)$/.exec(line);
    if (m)
      idx.soft.set(
        norm(m[1]!),
        m[2]!
          .split(/\s+/)
          .filter((w) => w && !w.endsWith(':'))
          .map(norm),
      );
  }
  for (const line of fs.readFileSync(path.join(dir, 'modules.alias'), 'utf8').split('\n')) {
    const m = /^alias\s+([\w-]+)\s+(\S+)$/.exec(line);
    if (m) idx.alias.set(norm(m[1]!), [...(idx.alias.get(norm(m[1]!)) ?? []), norm(m[2]!)]);
  }
  for (const line of fs.readFileSync(path.join(dir, 'modules.builtin'), 'utf8').split('\n')) {
    if (line) idx.builtin.add(modName(line));
  }
  return idx;
}

export interface ModuleSelection {
  /** Paths relative to the module dir (kernel/drivers/…/x.ko). */
  files: string[];
  builtin: string[];
}

/** Resolves `wanted` (plus dependencies); throws for a name the kernel has neither as module nor built in. */
export function selectModules(kernel: KernelTree, wanted: string[]): ModuleSelection {
  const idx = readIndex(kernel.modulesDir);
  const files = new Set<string>();
  const builtin = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string, optional: boolean): void => {
    const n = norm(name);
    if (seen.has(n)) return;
    seen.add(n);
    if (idx.builtin.has(n)) {
      builtin.add(n);
      return;
    }
    const file = idx.file.get(n);
    if (!file) {
      const targets = idx.alias.get(n);
      if (targets) {
        for (const t of targets) visit(t, true);
        return;
      }
      if (optional) return;
      throw new Error(`kernel ${kernel.version} has no module or built-in named ${name} (see modules.list)`);
    }
    files.add(file);
    for (const d of idx.deps.get(n) ?? []) visit(d, false);
    for (const d of idx.soft.get(n) ?? []) visit(d, true);
  };
  for (const w of wanted) visit(w, false);
  return { files: [...files].sort(), builtin: [...builtin].sort() };
}

/** Copies the selection into <root>/usr/lib/modules/<version> and runs depmod there. Returns bytes copied. */
export function installModules(kernel: KernelTree, sel: ModuleSelection, root: string): number {
  const dest = path.join(root, 'usr', 'lib', 'modules', kernel.version);
  let bytes = 0;
  for (const rel of sel.files) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(path.join(kernel.modulesDir, rel), path.join(dest, rel));
    bytes += fs.statSync(path.join(dest, rel)).size;
  }
  // modprobe reads these to tell "built in" from "missing".
  for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) {
    fs.copyFileSync(path.join(kernel.modulesDir, f), path.join(dest, f));
  }
  // <root>/lib is a link to usr/lib, where depmod -b looks.
  execFileSync('depmod', ['-b', root, kernel.version], { stdio: ['ignore', 'pipe', 'pipe'] });
  return bytes;
}

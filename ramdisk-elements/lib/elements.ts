// The elements of a build, diskimage-builder style: each names what it needs in element-deps;
// dependencies come first. Only Tyr's own elements (directories under ramdisk-elements/) are
// expanded here; diskimage-builder's generic ones (install-static, package-installs) describe
// what this build does itself: copy static/ and take the host's installed packages.
import fs from 'node:fs';
import path from 'node:path';

export interface Element {
  name: string;
  dir: string;
  /** tyr-binaries: host commands to copy with their libraries. */
  binaries: string[];
  /** tyr-files: host data files to copy at the same path. */
  files: string[];
}

const listFile = (file: string): string[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
    : [];

export function resolveElements(elementsDir: string, top: string[]): Element[] {
  const order: Element[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, from?: string): void => {
    if (order.some((e) => e.name === name)) return;
    const dir = path.join(elementsDir, name);
    if (!fs.existsSync(dir)) {
      if (from) return; // a diskimage-builder element (see above)
      throw new Error(`no element ${name} in ${elementsDir}`);
    }
    if (visiting.has(name)) throw new Error(`element-deps cycle through ${name}`);
    visiting.add(name);
    for (const dep of listFile(path.join(dir, 'element-deps'))) visit(dep, name);
    order.push({ name, dir, binaries: listFile(path.join(dir, 'tyr-binaries')), files: listFile(path.join(dir, 'tyr-files')) });
  };
  for (const name of top) visit(name);
  return order;
}

/** Every file of the given elements (for the build stamp). */
export function elementFiles(elements: Element[]): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  for (const el of elements) walk(el.dir);
  return files.sort();
}

/** Copies an element's static/ tree into root, keeping modes (like install-static). */
export function installStatic(el: Element, root: string): void {
  const src = path.join(el.dir, 'static');
  if (fs.existsSync(src)) fs.cpSync(src, root, { recursive: true, preserveTimestamps: false });
}

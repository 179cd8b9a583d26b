// Assembles the ramdisk's file tree: a merged-/usr skeleton (as on Debian, so library paths
// from the host's ldd are valid inside), each element's static/ files, executables and data
// files, busybox's applet links, the agent and the kernel modules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installExecutable, type Components } from './elf.js';
import { installStatic, type Element } from './elements.js';
import type { KernelTree } from './kernel.js';
import { installModules, selectModules } from './modules.js';

export const AGENT_PATH = '/usr/bin/tyr-agent';
const BUSYBOX = '/usr/bin/busybox';

function skeleton(root: string): void {
  for (const d of [
    'usr/bin',
    'usr/sbin',
    'usr/lib',
    'usr/lib64',
    'usr/share',
    'etc',
    'proc',
    'sys',
    'dev',
    'run',
    'tmp',
    'var/log',
    'root',
    'mnt',
  ]) {
    fs.mkdirSync(path.join(root, d), { recursive: true });
  }
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) fs.symlinkSync(`usr/${d}`, path.join(root, d));
  fs.chmodSync(path.join(root, 'tmp'), 0o1777);
}

/** Links every busybox applet that no real executable of the tree already provides. */
function busyboxApplets(root: string): number {
  const list = execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  let n = 0;
  for (const applet of list) {
    // bin/x and sbin/x live in usr/ (merged /usr); linuxrc is busybox's own init, unused.
    const rel = /^s?bin\//.test(applet) ? `usr/${applet}` : applet;
    if (rel === 'linuxrc') continue;
    const name = path.basename(rel);
    const taken = ['usr/bin', 'usr/sbin'].some((d) => fs.existsSync(path.join(root, d, name)));
    if (taken) continue;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.symlinkSync(BUSYBOX, path.join(root, rel));
    n++;
  }
  return n;
}

export interface RootfsInputs {
  root: string;
  elements: Element[];
  kernel: KernelTree;
  agent: string;
}

export interface RootfsResult {
  components: Components;
  modules: { files: number; builtin: string[] };
  applets: number;
}

export function buildRootfs(inp: RootfsInputs): RootfsResult {
  const { root } = inp;
  const components: Components = new Map();
  skeleton(root);
  for (const el of inp.elements) installStatic(el, root);
  installExecutable(root, inp.agent, components, AGENT_PATH);
  components.set('tyr-agent (+ node libs)', components.get('tyr-agent') ?? 0);
  components.delete('tyr-agent');
  for (const el of inp.elements) {
    for (const bin of el.binaries) installExecutable(root, bin, components);
    for (const file of el.files) {
      if (!fs.existsSync(file)) throw new Error(`${file} (element ${el.name}, tyr-files) is missing on this host`);
      fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      fs.copyFileSync(file, path.join(root, file));
      components.set(path.basename(file), fs.statSync(file).size);
    }
  }
  const applets = busyboxApplets(root);
  const listFile = path.join(root, 'etc', 'tyr-ramdisk', 'modules.list');
  if (!fs.existsSync(listFile)) throw new Error('no element provides static/etc/tyr-ramdisk/modules.list (tyr-ramdisk-base)');
  const wanted = fs
    .readFileSync(listFile, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const sel = selectModules(inp.kernel, wanted);
  components.set(`kernel modules (${sel.files.length})`, installModules(inp.kernel, sel, root));
  return { components, modules: { files: sel.files.length, builtin: sel.builtin }, applets };
}

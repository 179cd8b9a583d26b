// The ramdisk build (npm run build:ramdisk) for real: a Debian kernel package, the host's tools
// and the agent executable. The first run downloads and builds (minutes); later runs reuse the
// stamped output. The initramfs is unpacked and checked file by file: the init, the agent, the
// tools, the modules with a modules.dep, and every ELF file's DT_NEEDED libraries present in
// the tree itself (not on the host), found the way the loader would (RUNPATH, default dirs).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRamdisk, SIZE_LIMIT, type BuildResult } from '../../../ramdisk-elements/build.js';
import { isElf, neededLibraries } from '../../../ramdisk-elements/lib/elf.js';

const DECOMPRESS: Record<string, string> = { zstd: 'zstd -dc', gzip: 'gzip -dc', xz: 'xz -dc' };
const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib', '/usr/lib64', '/lib/x86_64-linux-gnu', '/lib', '/lib64'];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function runpath(file: string): string[] {
  const out = execFileSync('readelf', ['-dW', file], { encoding: 'utf8' });
  const m = /\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^\]]+)\]/.exec(out);
  return m ? m[1]!.split(':') : [];
}

describe('ramdisk build (npm run build:ramdisk)', function () {
  this.timeout(20 * 60_000);
  let result: BuildResult;
  let tree: string;
  const lines: string[] = [];

  before(() => {
    result = buildRamdisk({ log: (l) => lines.push(l) });
    console.log(lines.map((l) => `      ${l}`).join('\n'));
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ramdisk-tree-'));
    execFileSync('sh', ['-c', `${DECOMPRESS[result.compression]} '${result.initramfs}' | cpio -idm --quiet --no-absolute-filenames`], {
      cwd: tree,
    });
  });

  after(() => {
    if (tree) fs.rmSync(tree, { recursive: true, force: true });
  });

  it('writes tyr.kernel and tyr.initramfs, the initramfs under the 80 MB target, and prints the size', () => {
    expect(fs.statSync(result.kernel).size).to.be.above(1e6);
    expect(path.basename(result.initramfs)).to.contain('initramfs');
    const size = fs.statSync(result.initramfs).size;
    expect(size).to.equal(result.sizes.compressed).and.to.be.below(SIZE_LIMIT);
    expect(lines.join('\n')).to.contain(`${(size / 1e6).toFixed(1)} MB`);
  });

  it('a second build with unchanged inputs reuses the output', () => {
    const again = buildRamdisk({ log: () => {} });
    expect(again.cached).to.equal(true);
    expect(again.sizes).to.deep.equal(result.sizes);
  });

  it('carries /init, the agent, busybox, the tools and the modules with a modules.dep', () => {
    const init = path.join(tree, 'init');
    expect(fs.statSync(init).mode & 0o111, '/init is executable').to.not.equal(0);
    expect(fs.readFileSync(init, 'utf8')).to.contain('/usr/bin/tyr-agent');
    for (const f of ['usr/bin/tyr-agent', 'usr/bin/busybox', 'etc/udhcpc.script', 'usr/share/misc/pci.ids']) {
      expect(fs.existsSync(path.join(tree, f)), f).to.equal(true);
    }
    for (const tool of [
      'ipmitool',
      'lspci',
      'qemu-img',
      'sgdisk',
      'mdadm',
      'smartctl',
      'stress-ng',
      'fio',
      'parted',
      'udhcpc',
      'modprobe',
      'ip',
      'dd',
      'wipefs',
      'sfdisk',
      'partprobe',
      'blockdev',
    ]) {
      const found = ['usr/bin', 'usr/sbin'].some((d) => fs.existsSync(path.join(tree, d, tool)));
      expect(found, `${tool} in /usr/bin or /usr/sbin`).to.equal(true);
    }
    const modRoot = path.join(tree, 'usr/lib/modules');
    const [version] = fs.readdirSync(modRoot);
    const dep = fs.readFileSync(path.join(modRoot, version!, 'modules.dep'), 'utf8');
    for (const mod of ['virtio_net', 'virtio_blk', 'e1000e', 'nvme', 'ipmi_si', 'ext4', 'raid1']) {
      expect(dep, `modules.dep lists ${mod}`).to.match(new RegExp(`/${mod}\\.ko(\\.xz|\\.zst|\\.gz)?:`));
    }
    const virtioNet = /^(\S*virtio_net\.ko\S*):(.*)$/m.exec(dep)!;
    for (const f of [virtioNet[1]!, ...virtioNet[2]!.trim().split(/\s+/).filter(Boolean)]) {
      expect(fs.existsSync(path.join(modRoot, version!, f)), `${f} (virtio_net or a dependency)`).to.equal(true);
    }
  });

  it('every ELF file in the tree finds all its shared libraries inside the tree', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of walk(tree)) {
      if (file.endsWith('.ko') || !isElf(file)) continue;
      checked++;
      const inTree = '/' + path.relative(tree, file);
      const dirs = [...runpath(file).map((d) => d.replace('$ORIGIN', path.dirname(inTree))), ...LIB_DIRS];
      for (const lib of neededLibraries(file)) {
        if (!dirs.some((d) => fs.existsSync(path.join(tree, d, lib)))) missing.push(`${inTree} needs ${lib}`);
      }
    }
    expect(checked, 'ELF files checked').to.be.above(20);
    expect(missing).to.deep.equal([]);
    expect(fs.existsSync(path.join(tree, 'lib64/ld-linux-x86-64.so.2')), 'the dynamic loader').to.equal(true);
  });
});

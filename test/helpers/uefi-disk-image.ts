// Whole-disk GPT images with an EFI system partition, built with the real tools (sgdisk,
// mkfs.fat, mtools) and no root: the FAT is made in a file of its own and copied into the image at
// the partition's offset. The loaders are placeholder files: what is tested is which one the agent
// chooses and where it finds it, not that firmware can run them (that is the lab's e2e tests).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requireTool } from './tools.js';

const MiB = 2 ** 20;
const ESP_START_SECTOR = 2048;

export interface UefiImageSpec {
  /** Files on the ESP (EFI/debian/shimx64.efi…); null: the image has no ESP at all. */
  espFiles: string[] | null;
  /** The ESP's partition number: Debian's cloud images use 15. */
  espNumber?: number;
  sizeMiB?: number;
  /** Real content for some of espFiles (ESP path → host file); the others get a placeholder. */
  contents?: Record<string, string>;
  espMiB?: number;
}

function mtools(command: string, args: string[]): void {
  execFileSync(requireTool('mtools'), ['-c', command, ...args], { stdio: 'pipe' });
}

function fatWithFiles(file: string, spec: UefiImageSpec & { espFiles: string[] }, espMiB: number): void {
  requireTool('mkfs.fat');
  execFileSync('mkfs.fat', ['-C', file, String(espMiB * 1024)], { stdio: 'pipe' });
  const files = spec.espFiles;
  const made = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!made.has(dir.toLowerCase())) mtools('mmd', ['-i', file, `::/${dir}`]);
      made.add(dir.toLowerCase());
    }
    let content = spec.contents?.[f];
    if (!content) {
      content = path.join(path.dirname(file), 'loader.bin');
      fs.writeFileSync(content, `placeholder for ${f}\n`);
    }
    mtools('mcopy', ['-i', file, content, `::/${f}`]);
  }
}

/** Writes the image to `file`; returns the ESP's byte offset (null without an ESP). */
export function makeUefiImage(file: string, spec: UefiImageSpec): number | null {
  requireTool('sgdisk');
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, '');
  fs.truncateSync(file, (spec.sizeMiB ?? 64) * MiB);
  const espNumber = spec.espNumber ?? 15;
  const espMiB = spec.espMiB ?? 32;
  const layout =
    spec.espFiles === null
      ? ['-n', '1:0:0', '-t', '1:8300']
      : ['-n', `${espNumber}:${ESP_START_SECTOR}:+${espMiB}M`, '-t', `${espNumber}:ef00`, '-n', '1:0:0', '-t', '1:8300'];
  execFileSync('sgdisk', [...layout, file], { stdio: 'pipe' });
  if (spec.espFiles === null) return null;
  const fat = `${file}.esp`;
  fatWithFiles(fat, { ...spec, espFiles: spec.espFiles }, espMiB);
  const offset = ESP_START_SECTOR * 512;
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, fs.readFileSync(fat), 0, espMiB * MiB, offset);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(fat);
  return offset;
}

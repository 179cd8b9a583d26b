// Images for the agent's image-write tests, made with the real tools: a raw disk of random bytes
// with a GPT holding one partition, its qcow2 (qemu-img convert), a qcow2 overlay with a backing
// file, and a config drive ISO (genisoimage -V config-2) as gzip+base64.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { requireTool } from '../../helpers/tools.js';
export { readBytes } from '../../helpers/disk-bytes.js';

export interface ImageFixtures {
  raw: string;
  qcow2: string;
  overlay: string;
  rawBytes: number;
  sha256: (file: string) => string;
  configdrive: string;
}

export const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export function makeImages(dir: string, rawMiB = 40): ImageFixtures {
  for (const tool of ['qemu-img', 'sgdisk', 'genisoimage']) requireTool(tool);
  const raw = path.join(dir, 'disk.raw');
  fs.writeFileSync(raw, randomBytes(rawMiB * 2 ** 20));
  // A partition table, so the config drive has one to join; the rest stays random bytes.
  execFileSync('sgdisk', ['-o', '-n', '1:2048:+16M', '-t', '1:8300', raw], { stdio: 'ignore' });
  const qcow2 = path.join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
  const overlay = path.join(dir, 'overlay.qcow2');
  execFileSync('qemu-img', ['create', '-f', 'qcow2', '-b', qcow2, '-F', 'qcow2', overlay], { stdio: 'ignore' });
  const cd = path.join(dir, 'configdrive');
  fs.mkdirSync(path.join(cd, 'openstack', 'latest'), { recursive: true });
  fs.writeFileSync(path.join(cd, 'openstack', 'latest', 'meta_data.json'), JSON.stringify({ uuid: 'test-instance', hostname: 'tyr-test' }));
  const iso = path.join(dir, 'configdrive.iso');
  execFileSync('genisoimage', ['-quiet', '-V', 'config-2', '-r', '-J', '-o', iso, cd]);
  return { raw, qcow2, overlay, rawBytes: fs.statSync(raw).size, sha256, configdrive: gzipSync(fs.readFileSync(iso)).toString('base64') };
}

export function fill(device: string, offset: number, length: number, byte: number): void {
  const fd = fs.openSync(device, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(length, byte), 0, length, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// What the virtual-media tests share: a static network plan and reading files out of an ISO
// with xorriso's extractor (no mount needed).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { JsonObject } from '../../core/db/types.js';

const run = promisify(execFile);

/** One NIC with a static address, a default route and a name server. */
export function staticPlan(mac = '52:54:00:aa:bb:01', address = '192.0.2.10', gateway = '192.0.2.1'): JsonObject {
  return {
    links: [{ id: 'port0', type: 'phy', ethernet_mac_address: mac, mtu: 1500 }],
    networks: [
      {
        id: 'net0',
        type: 'ipv4',
        link: 'port0',
        ip_address: address,
        netmask: '255.255.255.0',
        routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway }],
      },
    ],
    services: [{ type: 'dns', address: '192.0.2.53' }],
  };
}

/** A file of the ISO. */
export async function isoFile(iso: string, inIso: string, workDir: string): Promise<Buffer> {
  const out = path.join(workDir, `extract-${crypto.randomUUID()}`);
  await run('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', inIso, out]);
  try {
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** The volume label (isoinfo's "Volume id"). */
export async function isoLabel(iso: string): Promise<string> {
  const { stdout } = await run('isoinfo', ['-d', '-i', iso]);
  return /Volume id:\s*(\S*)/.exec(stdout)?.[1] ?? '';
}

/** Whether the ISO has an El Torito boot record. */
export async function isoIsBootable(iso: string): Promise<boolean> {
  const { stdout } = await run('isoinfo', ['-d', '-i', iso]);
  return /El Torito/.test(stdout);
}

/** Paths of the ISO's files, e.g. "/isolinux/isolinux.cfg". */
export async function isoFiles(iso: string): Promise<string[]> {
  const { stdout } = await run('xorriso', ['-indev', iso, '-find', '/', '-type', 'f']);
  return [...stdout.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** The El Torito boot images as xorriso reports them: platform ("BIOS", "UEFI") and path in the ISO. */
export async function isoBootImages(iso: string): Promise<{ platform: string; path: string }[]> {
  const { stdout } = await run('xorriso', ['-indev', iso, '-report_el_torito', 'plain']);
  const platforms = new Map([...stdout.matchAll(/^El Torito boot img :\s+(\d+)\s+(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
  return [...stdout.matchAll(/^El Torito img path :\s+(\d+)\s+(\S+)/gm)].map((m) => ({
    platform: platforms.get(m[1]!) ?? '?',
    path: m[2]!,
  }));
}

/** A file of a FAT image (mtools, no mount), e.g. "::/EFI/BOOT/BOOTX64.EFI". */
export async function fatFile(image: string, inImage: string, workDir: string): Promise<Buffer> {
  const out = path.join(workDir, `fat-${crypto.randomUUID()}`);
  await run('mcopy', ['-n', '-i', image, inImage, out], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
  try {
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

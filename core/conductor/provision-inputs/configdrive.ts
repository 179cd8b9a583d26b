// Config drives. A deploy request's `configdrive` is either the finished drive (a gzipped ISO9660
// image in base64: passed through) or a JSON document {meta_data, user_data, network_data} that
// is built here into what cloud-init's ConfigDrive source reads: an ISO9660 volume labelled
// config-2 with openstack/latest/{meta_data.json,user_data,network_data.json}. genisoimage
// (Debian package genisoimage) makes the ISO.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { InvalidParameterValue } from '../../errors.js';
import { CONFIG_DRIVE_LABEL, writeConfigDriveTree, type ConfigDriveDocument } from '../../boot/config-drive-tree.js';

const execFileP = promisify(execFile);
const KEYS = ['meta_data', 'user_data', 'network_data', 'vendor_data'];

/** The drive as the agent takes it: gzip+base64 ISO, whatever form the request gave. */
export async function configDriveBlob(
  value: string | Record<string, unknown>,
  nodeUuid: string,
  genisoimage = 'genisoimage',
): Promise<string> {
  if (typeof value === 'string') return value;
  const unknown = Object.keys(value).filter((k) => !KEYS.includes(k));
  if (unknown.length) {
    throw new InvalidParameterValue(`configdrive has unknown keys ${unknown.join(', ')}; a JSON config drive has only ${KEYS.join(', ')}.`);
  }
  const iso = await buildConfigDriveIso(value, nodeUuid, genisoimage);
  return gzipSync(iso).toString('base64');
}

/** The ISO9660 image itself. */
export async function buildConfigDriveIso(doc: ConfigDriveDocument, nodeUuid: string, genisoimage = 'genisoimage'): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tyr-configdrive-'));
  try {
    const tree = path.join(dir, 'tree');
    await writeConfigDriveTree(tree, doc, nodeUuid);
    const out = path.join(dir, 'configdrive.iso');
    // The options Ironic and Nova use: Rock Ridge and Joliet long names, label config-2.
    const args = [
      '-o',
      out,
      '-ldots',
      '-allow-lowercase',
      '-allow-multidot',
      '-l',
      '-publisher',
      'Tyr',
      '-quiet',
      '-J',
      '-r',
      '-V',
      CONFIG_DRIVE_LABEL,
      tree,
    ];
    try {
      await execFileP(genisoimage, args, { timeout: 60_000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT')
        throw new Error(`Cannot build the config drive: ${genisoimage} is not installed (apt-get install genisoimage).`, { cause: err });
      throw new Error(`genisoimage failed building the config drive: ${e.stderr?.trim() || e.message}`, { cause: err });
    }
    return await fs.readFile(out);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

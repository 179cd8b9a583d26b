// An image_source that is not an http(s) URL names a file under Tyr's boot root: Tyr's own image
// store. Nova's IronicDriver sends only the Glance image UUID as image_source; Ironic then asks
// Glance for the image's hash. Tyr has no Glance, so for an image in its boot root given without a
// checksum it hashes the file itself (sha256), the same trust the agent would place in Glance's
// answer. Digests are kept per file (path, size, mtime) so that a redeploy does not reread it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config.js';
import { InvalidParameterValue } from '../../errors.js';
import { httpBootRoot } from '../../boot/http-root.js';
import { resolveInsideRoot } from '../../boot/safe-path.js';

export interface ImageDigest {
  algo: 'sha256';
  value: string;
}

const digests = new Map<string, { key: string; digest: Promise<ImageDigest> }>();

export function isBootRootImage(source: string): boolean {
  return !/^https?:\/\//i.test(source);
}

/** The boot-root file an image_source names; InvalidParameterValue (with the reason) if there is none. */
export async function bootRootImageFile(config: Config, node: string, source: string): Promise<{ file: string; size: number }> {
  const found = await resolveInsideRoot(httpBootRoot(config), source.replace(/^\/+/, ''));
  if (!found.ok) {
    throw new InvalidParameterValue(
      `Node ${node}: instance_info/image_source "${source}" has no checksum and is not an image in Tyr's boot root ` +
        `(${found.reason}). Put the image file there under that name, or give image_os_hash_algo and image_os_hash_value.`,
    );
  }
  return found;
}

export async function bootRootImageDigest(config: Config, node: string, source: string): Promise<ImageDigest> {
  const { file, size } = await bootRootImageFile(config, node, source);
  const key = `${size}:${(await fs.promises.stat(file)).mtimeMs}`;
  const cached = digests.get(file);
  if (cached?.key === key) return cached.digest;
  const digest = sha256Of(file);
  digests.set(file, { key, digest });
  // A failed read is not remembered: the next deploy tries again.
  digest.catch(() => {
    if (digests.get(file)?.digest === digest) digests.delete(file);
  });
  return digest;
}

async function sha256Of(file: string): Promise<ImageDigest> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return { algo: 'sha256', value: hash.digest('hex') };
}

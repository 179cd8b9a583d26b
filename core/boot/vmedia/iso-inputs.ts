// The kernel and ramdisk a virtual-media ISO packs, as local files: a file under the boot root
// is used where it lies (never a path outside the root), an http(s) URL is downloaded into the
// build's working directory. Each input also has a fingerprint, so an unchanged ISO is reused.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidParameterValue } from '../../errors.js';
import { isSafeBootReference } from '../boot-refs.js';
import type { RamdiskReference } from '../ramdisk-choice.js';
import { resolveInsideRoot } from '../safe-path.js';

const DOWNLOAD_TIMEOUT_MS = 600_000;

export interface IsoInput {
  /** What identifies this input's content for the cache: the URL, or the file's path, size and mtime. */
  fingerprint: string;
  /** The local file; fetched into `workDir` on first use for a URL. */
  localFile(workDir: string): Promise<string>;
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

async function download(nodeUuid: string, ref: RamdiskReference & { value: string }, file: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(ref.value, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`Node ${nodeUuid}: cannot download ${ref.key} (${ref.value}) for the virtual-media ISO: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!res.ok || !res.body) {
    throw new Error(
      `Node ${nodeUuid}: downloading ${ref.key} (${ref.value}) for the virtual-media ISO got HTTP ${res.status}; check the URL.`,
    );
  }
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(file));
  return file;
}

/** One kernel or ramdisk reference as an ISO input; a missing or unusable reference is a 400 naming it. */
export async function isoInput(nodeUuid: string, ref: RamdiskReference, bootRoot: string): Promise<IsoInput> {
  if (typeof ref.value !== 'string' || ref.value.trim() === '') {
    throw new InvalidParameterValue(
      `Node ${nodeUuid} has no ${ref.key}: set it (a file under the boot root or an http(s) URL) to boot it from virtual media.`,
    );
  }
  const value = ref.value;
  if (!isSafeBootReference(value)) {
    throw new InvalidParameterValue(
      `Node ${nodeUuid}: ${ref.key} ${JSON.stringify(value)} is not an http(s) URL or a file name under the boot root.`,
    );
  }
  if (isUrl(value)) {
    return {
      fingerprint: value,
      localFile: (workDir) => download(nodeUuid, { ...ref, value }, path.join(workDir, path.basename(ref.key))),
    };
  }
  const found = await resolveInsideRoot(bootRoot, value.replace(/^\/+/, ''));
  if (!found.ok) {
    throw new InvalidParameterValue(
      `Node ${nodeUuid}: ${ref.key} "${value}" is not a file under the boot root ${bootRoot} (${found.reason}).`,
    );
  }
  const mtime = (await fs.promises.stat(found.file)).mtimeMs;
  return { fingerprint: `${found.file}:${found.size}:${mtime}`, localFile: () => Promise.resolve(found.file) };
}

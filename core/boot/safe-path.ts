// The one check that keeps TFTP and HTTP boot inside their roots. A request names a path relative
// to the root; it is resolved through symlinks (realpath) and must still lie under the root's own
// real path, and be a regular file. Everything else is refused with a reason for the log.
import fs from 'node:fs/promises';
import path from 'node:path';

export type Resolution = { ok: true; file: string; size: number } | { ok: false; reason: string };

export async function resolveInsideRoot(root: string, requested: string): Promise<Resolution> {
  if (requested.includes('\0')) return { ok: false, reason: 'NUL byte in path' };
  const normalised = requested.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) return { ok: false, reason: 'absolute path' };
  if (normalised.split('/').includes('..')) return { ok: false, reason: 'path climbs out with ".."' };
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.realpath(root);
    real = await fs.realpath(path.join(realRoot, normalised));
  } catch {
    return { ok: false, reason: 'no such file' };
  }
  if (!real.startsWith(realRoot + path.sep)) return { ok: false, reason: 'resolves outside the root (symlink)' };
  const stat = await fs.stat(real);
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  return { ok: true, file: real, size: stat.size };
}

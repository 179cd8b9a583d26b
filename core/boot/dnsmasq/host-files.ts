// The per-MAC host files in dnsmasq's dhcp-hostsdir: one file per MAC, each written to a dotfile
// and renamed into place, so dnsmasq (which watches the directory, and skips dotfiles) never reads
// half a file. Files not in `entries` are removed (the supervisor only drops any at start-up).
import fs from 'node:fs/promises';
import path from 'node:path';
import { hostFileLine, hostFileName } from './config-gen.js';

const OURS = /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/;

export interface HostFileChanges {
  written: string[];
  removed: string[];
}

/** Makes `dir` hold exactly one file per MAC in `entries` (MAC → tags); says which files changed. */
export async function writeHostFiles(dir: string, entries: ReadonlyMap<string, string[]>): Promise<HostFileChanges> {
  await fs.mkdir(dir, { recursive: true });
  const changes: HostFileChanges = { written: [], removed: [] };
  const wanted = new Map([...entries].map(([mac, tags]) => [hostFileName(mac), hostFileLine(mac, tags)]));
  for (const name of await fs.readdir(dir)) {
    if (OURS.test(name) && !wanted.has(name)) {
      await fs.rm(path.join(dir, name), { force: true });
      changes.removed.push(path.join(dir, name));
    }
  }
  for (const [name, text] of wanted) {
    const file = path.join(dir, name);
    const old = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (old === text) continue;
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    await fs.writeFile(tmp, text, { mode: 0o644 });
    await fs.rename(tmp, file);
    changes.written.push(file);
  }
  return changes;
}

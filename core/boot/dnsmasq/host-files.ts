// The per-MAC host files in dnsmasq's dhcp-hostsdir: one file per MAC, each written to a dotfile
// and renamed into place, so dnsmasq (which watches the directory, and skips dotfiles) never reads
// half a file. Files of MACs that are gone are removed; dnsmasq forgets them on SIGHUP.
import fs from 'node:fs/promises';
import path from 'node:path';
import { hostFileLine, hostFileName } from './config-gen.js';

const OURS = /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/;

/** Makes `dir` hold exactly one file per MAC in `entries` (MAC → tags). Returns true if anything changed. */
export async function writeHostFiles(dir: string, entries: ReadonlyMap<string, string[]>): Promise<boolean> {
  await fs.mkdir(dir, { recursive: true });
  let changed = false;
  const wanted = new Map([...entries].map(([mac, tags]) => [hostFileName(mac), hostFileLine(mac, tags)]));
  for (const name of await fs.readdir(dir)) {
    if (OURS.test(name) && !wanted.has(name)) {
      await fs.rm(path.join(dir, name), { force: true });
      changed = true;
    }
  }
  for (const [name, text] of wanted) {
    const file = path.join(dir, name);
    const old = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (old === text) continue;
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    await fs.writeFile(tmp, text, { mode: 0o644 });
    await fs.rename(tmp, file);
    changed = true;
  }
  return changed;
}

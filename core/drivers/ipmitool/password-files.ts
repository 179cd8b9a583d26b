// BMC passwords reach ipmitool through 0600 files (ipmitool -f), never argv or the environment.
// The files live in one private 0700 directory per service, created on first use and removed
// when the service shuts down.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export class PasswordFiles {
  private dir: Promise<string> | undefined;

  /** A new 0600 file holding `password`; the caller removes it (`remove`) once ipmitool has exited. */
  async write(password: string): Promise<string> {
    const file = path.join(await this.directory(), `pw-${randomBytes(12).toString('hex')}`);
    await fs.writeFile(file, password, { mode: 0o600, flag: 'wx' });
    return file;
  }

  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }

  /** Removes the directory and any file still in it; a later `write` creates a new one. */
  async close(): Promise<void> {
    const dir = this.dir;
    this.dir = undefined;
    if (dir) await fs.rm(await dir, { recursive: true, force: true });
  }

  private directory(): Promise<string> {
    this.dir ??= fs.mkdtemp(path.join(os.tmpdir(), 'tyr-ipmi-')).then(async (dir) => {
      await fs.chmod(dir, 0o700);
      return dir;
    });
    return this.dir;
  }
}

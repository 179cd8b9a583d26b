// Loop devices over sparse files, for tests that need real block devices (O_DIRECT, fsync,
// sysfs sizes, partition tables). Needs root and losetup; every device attached here is
// detached by detachAll(), which the tests call in after() hooks, failures included.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requireTool } from '../../helpers/tools.js';

export class LoopDevices {
  private readonly attached: string[] = [];

  constructor(private readonly dir: string) {}

  /**
   * `directIo`: the loop driver writes its backing file with O_DIRECT, as a real disk has no page
   * cache below it; without it, the kernel copies every block into the backing file's page cache.
   */
  attach(name: string, bytes: number, opts: { directIo?: boolean } = {}): string {
    requireTool('losetup');
    if (process.getuid?.() !== 0) throw new Error('loop-device tests need root (losetup); run them as root');
    const file = path.join(this.dir, `${name}.img`);
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
    const device = execFileSync('losetup', ['--find', '--show', ...(opts.directIo ? ['--direct-io=on'] : []), file], {
      encoding: 'utf8',
    }).trim();
    this.attached.push(device);
    return device;
  }

  detachAll(): void {
    for (const device of this.attached.splice(0)) {
      try {
        execFileSync('losetup', ['-d', device]);
      } catch (err) {
        console.error(`could not detach ${device}: ${(err as Error).message}`);
      }
    }
  }
}

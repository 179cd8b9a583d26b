// Where the HTTP boot server's files live: boot.http_root, or <data_dir>/boot. One rule, shared by
// the boot server that serves the files and the deploy that hashes images kept there.
import path from 'node:path';
import type { Config } from '../config.js';

export function httpBootRoot(config: Config): string {
  return path.resolve(config.boot.http_root || path.join(config.service.data_dir, 'boot'));
}

// Finds the system tools tests need. A missing tool fails the test with the command that
// installs it: tests never skip silently on CI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const INSTALL_HINT = 'run `bash scripts/install-system-deps.sh` (it installs every Debian package the suite needs)';

export function requireTool(name: string, candidates: string[] = []): string {
  for (const path of candidates) if (fs.existsSync(path)) return path;
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed: ${INSTALL_HINT}`);
  }
}

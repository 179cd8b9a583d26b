// Lab prerequisites: a missing system tool is an error that says how to install it.
import fs from 'node:fs';
import path from 'node:path';

export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not in this directory */
    }
  }
  return undefined;
}

export function requireTool(name: string, debianPackage: string): string {
  const found = findTool(name);
  if (!found) {
    throw new Error(
      `${name} is not installed (Debian package ${debianPackage}). ` + 'Install the lab tools with: bash scripts/install-system-deps.sh',
    );
  }
  return found;
}

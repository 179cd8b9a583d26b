// Where the built console lives: <repo>/dist/ui, found from this module whether it runs from
// source (core/web/) or from the build (dist/core/web/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultUiDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // From dist/core/web the walk stops at the repo (dist has no package.json).
  return path.join(dir, 'dist', 'ui');
}

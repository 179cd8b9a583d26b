// The Node arguments that run `tyr` (append its own arguments): the compiled dist/cli/main.js
// when `npm run build` output is at least as new as every source file it comes from (CI builds
// before it tests), else cli/main.ts under tsx (always with TYR_TEST_FROM_SOURCE=1). A process under tsx spends ~1.5 s more CPU
// starting (the loader, then a transform per module), which dozens of CLI runs per file add up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** tsconfig.json's include: the trees dist/ is compiled from. */
const COMPILED_TREES = ['protocol', 'core', 'client', 'cli', 'driver', 'agent', 'api-extension', 'migrate'];

/** Whether every .ts under the compiled trees has a .js in dist/ written after it. */
function distIsFresh(): boolean {
  const walk = (dir: string): boolean => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !walk(rel)) return false;
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(ROOT, rel)).mtimeMs) return false;
      }
    }
    return true;
  };
  return COMPILED_TREES.every((tree) => !fs.existsSync(path.join(ROOT, tree)) || walk(tree));
}

const FROM_SOURCE = ['--import', 'tsx', path.join(ROOT, 'cli/main.ts')];
let fresh: boolean | undefined;

/** Node arguments running the CLI (dist/ decided once per test run); `env` of the child, when it sets TYR_TEST_FROM_SOURCE. */
export function tyrLauncher(env: NodeJS.ProcessEnv = {}): string[] {
  if (env.TYR_TEST_FROM_SOURCE || process.env.TYR_TEST_FROM_SOURCE) return FROM_SOURCE;
  fresh ??= distIsFresh();
  return fresh ? [path.join(ROOT, 'dist/cli/main.js')] : FROM_SOURCE;
}

// Benchmark dispatcher: `npm run bench -- <name>` runs test/bench/<name>.ts's exported run(),
// which prints a table. Without a name it lists the benchmarks there are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const name = process.argv[2];
if (!name || !available.includes(name)) {
  if (name) console.error(`no benchmark "${name}"`);
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const mod = (await import(`./${name}.ts`)) as { run(): Promise<void> };
await mod.run();

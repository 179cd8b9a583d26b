// The bundled `tyr` (cli/build.ts, dist/cli/tyr.mjs), as operators run it: it prints what the CLI
// from source prints, and a client command's code reaches none of the server's.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Metafile } from 'esbuild';
import { buildCli } from '../../../cli/build.js';
import { TyrClient } from '../../../client/client.js';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Under the repository (git-ignored), so the external packages resolve from its node_modules.
const OUT = path.join(ROOT, '.cache', 'cli-bundle-test');
const SERVER_PACKAGES = ['express', 'pino', 'kysely', 'better-sqlite3', 'pg', 'mysql2', 'ws', 'axios', 'prom-client'];

/** The source files and external packages an output file loads before any dynamic import runs. */
function staticClosure(metafile: Metafile, outputs: string[]): { inputs: Set<string>; externals: Set<string> } {
  const inputs = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = metafile.outputs[file]!;
    for (const input of Object.keys(out.inputs)) inputs.add(input);
    for (const imp of out.imports) {
      if (imp.kind === 'dynamic-import') continue;
      if (imp.external) externals.add(imp.path);
      else visit(imp.path);
    }
  };
  outputs.forEach(visit);
  return { inputs, externals };
}

describe('the bundled tyr CLI', function () {
  this.timeout(180_000);
  let h: CliHarness;
  let entry: string;
  let metafile: Metafile;
  const bundled = (...args: string[]) => h.tyrFrom([entry], ...args);

  before(async () => {
    [h, { entry, metafile }] = await Promise.all([startTyr(), buildCli(OUT)]);
    const client = new TyrClient({ url: h.url });
    for (const name of ['b1', 'b2', 'b3']) await client.nodes.create({ name, driver: 'fake-hardware', properties: { cpus: 4 } });
  });
  after(async () => {
    await h?.stop();
  });

  it('prints the same tables, JSON, help and errors as the CLI from source', async () => {
    for (const args of [['node', 'list'], ['node', 'list', '--json'], ['node', 'show', 'b2'], ['--help'], ['node', 'show', 'missing']]) {
      const [fromSource, fromBundle] = await Promise.all([h.tyr(...args), bundled(...args)]);
      expect(fromBundle, args.join(' ')).to.deep.equal(fromSource);
    }
    expect(
      ok(await bundled('node', 'list', '-f', 'value', '-c', 'name'))
        .trim()
        .split('\n')
        .sort(),
    ).to.deep.equal(['b1', 'b2', 'b3']);
  });

  it('an unknown command exits 1 and names it', async () => {
    const r = await bundled('nodes');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/unknown command 'nodes'/);
  });

  it('tyr node loads no server code and none of the server packages', () => {
    const output = (pattern: RegExp) => Object.keys(metafile.outputs).find((f) => pattern.test(f))!;
    const { inputs, externals } = staticClosure(metafile, [output(/\/tyr\.mjs$/), output(/\/node-group-[^/]+\.mjs$/)]);
    expect(inputs).to.include('cli/node-commands.ts');
    const serverCode = [...inputs].filter((f) =>
      /^(core\/(server\.ts|api\/|db\/|conductor\/|boot\/|drivers\/(?!interfaces\/))|migrate\/)/.test(f),
    );
    expect(serverCode).to.deep.equal([]);
    expect(SERVER_PACKAGES.filter((p) => externals.has(p))).to.deep.equal([]);
  });
});

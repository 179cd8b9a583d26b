// Builds the `tyr` command operators run: dist/cli/tyr.mjs, an esbuild bundle of cli/main.ts split
// into chunks (dist/cli/chunks/), so a command loads only the code it uses. The client's pure-JS
// libraries are bundled in (one file read instead of hundreds of module resolutions); every other
// package stays external and loads from node_modules: native ones (better-sqlite3, pg) must, and
// the server's (pino with its worker transports, express, kysely) load only for `tyr server`.
// Run by `npm run build`; test helpers call buildCli() to build elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CLI_OUT = path.join(ROOT, 'dist', 'cli');

/** Packages a client command uses, bundled into the chunks (with whatever they import). */
const BUNDLED_PACKAGES = new Set(['commander', 'cli-table3']);

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Leaves every package Tyr's own code imports external, except the bundled ones. */
const externalPackages: esbuild.Plugin = {
  name: 'tyr-external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      // Inside a bundled package: bundle its dependencies too.
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { external: true };
    });
  },
};

export interface BuiltCli {
  /** The executable: <outDir>/tyr.mjs. */
  entry: string;
  /** What went into which output file (esbuild's metafile, paths relative to the repository). */
  metafile: esbuild.Metafile;
}

export async function buildCli(outDir = DEFAULT_CLI_OUT): Promise<BuiltCli> {
  fs.rmSync(path.join(outDir, 'chunks'), { recursive: true, force: true });
  const { metafile } = await esbuild.build({
    absWorkingDir: ROOT,
    metafile: true,
    entryPoints: { tyr: path.join(ROOT, 'cli', 'main.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    plugins: [externalPackages],
    // The bundled packages are CommonJS and call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __tyrCreateRequire } from 'node:module';\nconst require = __tyrCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const entry = path.join(outDir, 'tyr.mjs');
  fs.chmodSync(entry, 0o755);
  return { entry, metafile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli(process.argv[2] ?? DEFAULT_CLI_OUT);
}

// Builds the agent as one executable (Node's single-executable-application support), offline:
// esbuild bundle (one CommonJS script: SEA runs only that) → sea-config.json →
// `node --experimental-sea-config` (the blob) → a copy of this node → postject injects the blob.
// Output: .cache/agent/tyr-agent. Rebuilds only when agent/** or protocol/** changed (stamp) unless --force.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Message } from 'esbuild';
import { RING_WORKER_MODULES, type RingWorkerName } from '../image/ring-workers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const AGENT_DIR = path.join(ROOT, 'agent');
// The agent bundles protocol/ too (the wire shapes and checks it shares with the core).
const SOURCE_DIRS = [AGENT_DIR, path.join(ROOT, 'protocol')];
export const AGENT_OUT_DIR = path.join(ROOT, '.cache', 'agent');
export const AGENT_BINARY = path.join(AGENT_OUT_DIR, 'tyr-agent');
const STAMP = path.join(AGENT_OUT_DIR, 'stamp');
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface AgentBuild {
  path: string;
  sizeBytes: number;
  /** Shared libraries the executable loads (ldd), which the ramdisk must carry. */
  libraries: string[];
  rebuilt: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** Sources, the node that becomes the executable, and the locked dependency versions. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
  hash.update(process.execPath).update(process.version);
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
  return hash.digest('hex');
}

/** Absolute paths of the shared libraries, from ldd (the vdso has no file and is left out). */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // Error class names are the command_error.type the conductor sees: keep them unminified.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'silent',
} as const;

function reportWarnings(warnings: Message[]): void {
  // systeminformation requires macOS-only sensor modules inside try/catch: esbuild leaves those
  // requires in place and warns; at run time they fail and are caught, as on any Linux host.
  for (const w of warnings) process.stderr.write(`esbuild warning: ${w.text}\n`);
}

/**
 * The ring writer's worker threads, each bundled to one script: a single executable has no file
 * beside it to start a worker from, so the main bundle carries their sources.
 */
async function ringWorkerSources(): Promise<Record<RingWorkerName, string>> {
  const sources = {} as Record<RingWorkerName, string>;
  for (const [name, module] of Object.entries(RING_WORKER_MODULES) as [RingWorkerName, string][]) {
    const result = await build({ ...COMMON, entryPoints: [path.join(AGENT_DIR, 'image', module)], write: false });
    reportWarnings(result.warnings);
    sources[name] = result.outputFiles[0]!.text;
  }
  return sources;
}

async function bundle(outFile: string): Promise<void> {
  const result = await build({
    ...COMMON,
    entryPoints: [path.join(AGENT_DIR, 'main.ts')],
    outfile: outFile,
    define: {
      TYR_RING_WORKER_SOURCES: JSON.stringify(await ringWorkerSources()),
      // Only the unbundled path (tsx) reads it; a CommonJS bundle has no import.meta.
      'import.meta.url': JSON.stringify('file:///tyr-agent'),
    },
  });
  reportWarnings(result.warnings);
}

export async function buildAgent(opts: { force?: boolean; quiet?: boolean } = {}): Promise<AgentBuild> {
  const say = (s: string): void => {
    if (!opts.quiet) process.stdout.write(`${s}\n`);
  };
  const hash = sourceHash();
  const upToDate = fs.existsSync(AGENT_BINARY) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash;
  if (!upToDate || opts.force) {
    const work = path.join(AGENT_OUT_DIR, 'work');
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    const script = path.join(work, 'tyr-agent.cjs');
    const blob = path.join(work, 'sea-prep.blob');
    const config = path.join(work, 'sea-config.json');
    say('bundling agent/main.ts with esbuild…');
    await bundle(script);
    // No code cache or snapshot: both tie the blob to this exact node build for no gain here.
    fs.writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }, null, 2));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
    const tmpBinary = path.join(work, 'tyr-agent');
    fs.copyFileSync(process.execPath, tmpBinary);
    fs.chmodSync(tmpBinary, 0o755);
    say('injecting the blob with postject…');
    const postject = path.join(ROOT, 'node_modules', '.bin', 'postject');
    execFileSync(postject, [tmpBinary, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SENTINEL], { stdio: 'pipe' });
    fs.renameSync(tmpBinary, AGENT_BINARY);
    fs.writeFileSync(STAMP, hash);
    fs.rmSync(work, { recursive: true, force: true });
  } else {
    say('agent executable is up to date (agent/** and protocol/** unchanged; --force rebuilds)');
  }
  const result = {
    path: AGENT_BINARY,
    sizeBytes: fs.statSync(AGENT_BINARY).size,
    libraries: sharedLibraries(AGENT_BINARY),
    rebuilt: !upToDate || !!opts.force,
  };
  say(`${result.path}: ${(result.sizeBytes / 1024 / 1024).toFixed(1)} MiB`);
  say(`shared libraries (ldd):\n${result.libraries.map((l) => `  ${l}`).join('\n')}`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildAgent({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    process.stderr.write(`build-agent failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

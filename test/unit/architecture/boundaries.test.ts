// The import rules of docs/architecture.md, checked on the source: a new import across a boundary
// fails here, with the file and the import named. Imports are read with a regular expression
// (static `import … from`, `export … from`, `import('…')`), which is enough for this code base's
// style; it does not follow re-exports.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
  file: string;
  target: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Every import of the files under `dir`: relative ones resolved to repository paths, others as written. */
function importsOf(dir: string): Import[] {
  return sourceFiles(dir).flatMap((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    return [...text.matchAll(IMPORT_RE)].map((m) => {
      const spec = (m[1] ?? m[2])!;
      const target = spec.startsWith('.')
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts')
        : spec;
      return { file, target };
    });
  });
}

/**
 * Crossings that remain, each with its reason. An entry is "<importing file> -> <imported file>";
 * one that no longer happens fails the test too, so the list shrinks as they are fixed.
 */
const EXCEPTIONS: Record<string, string> = {
  // One exit policy for every entry point; the guard has no run-time imports, so the bundle stays lean.
  'agent/main.ts -> core/process-guards.ts': 'shared fatal-error policy',
};

/** The repository's top-level folders: an import target under one is this code base, not a package. */
const REPO_DIRS = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
  .map((e) => `${e.name}/`);

const SERVICE_PLUMBING = new Set(['core/api/auth.ts', 'core/listen.ts', 'core/log.ts', 'core/errors.ts', 'core/process-guards.ts']);

interface Rule {
  name: string;
  from: string | string[];
  forbidden: (target: string) => boolean;
}

const RULES: Rule[] = [
  {
    name: 'the API reaches the conductor only through ConductorApi',
    from: 'core/api',
    forbidden: (t) => t.startsWith('core/conductor/') && t !== 'core/conductor/conductor-api.ts',
  },
  { name: 'the API imports nothing of the ramdisk agent', from: 'core/api', forbidden: (t) => t.startsWith('agent/') },
  { name: 'the console does not import the API', from: 'core/console', forbidden: (t) => t.startsWith('core/api/') },
  {
    name: 'protocol/ imports only protocol/ (both sides and the agent bundle it)',
    from: 'protocol',
    forbidden: (t) => !t.startsWith('protocol/'),
  },
  {
    // The Nova shim, the legacy Nova API extension and the typed client talk to Tyr over its REST
    // API; from core they reuse only the service plumbing (auth, listening, logging, errors, states).
    name: 'client/, driver/ and api-extension/ use core only for service plumbing, never its internals',
    from: ['client', 'driver', 'api-extension'],
    forbidden: (t) => t.startsWith('core/') && !SERVICE_PLUMBING.has(t) && !t.startsWith('core/states/'),
  },
  {
    name: 'the agent imports only agent/ and protocol/ (its single executable is built from them)',
    from: 'agent',
    forbidden: (t) => /^(core|client|cli|driver|api-extension|migrate|test)\//.test(t),
  },
  {
    // The console is bundled for the browser: server code must not leak into it, and the allowed
    // actions come from the same state tables the API uses (core/states is pure data).
    name: 'ui/ imports only ui/, protocol/ and core/states/ (and browser packages)',
    from: 'ui',
    forbidden: (t) => REPO_DIRS.some((d) => t.startsWith(d)) && !/^(ui|protocol|core\/states)\//.test(t),
  },
];

function crossings(rule: Rule): string[] {
  return [rule.from]
    .flat()
    .flatMap(importsOf)
    .filter((i) => rule.forbidden(i.target))
    .map((i) => `${i.file} -> ${i.target}`);
}

describe('architecture: import boundaries', () => {
  for (const rule of RULES) {
    it(rule.name, () => {
      expect(
        crossings(rule).filter((c) => !(c in EXCEPTIONS)),
        'imports across the boundary (see docs/architecture.md)',
      ).to.deep.equal([]);
    });
  }

  it('every listed exception still happens (remove the ones that were fixed)', () => {
    const all = new Set(RULES.flatMap(crossings));
    expect(Object.keys(EXCEPTIONS).filter((e) => !all.has(e))).to.deep.equal([]);
  });

  it('reads multi-line and dynamic imports (the scanner itself)', () => {
    const sample = "import {\n  a,\n  b,\n} from '../x.js';\nexport { c } from './y.js';\nconst z = await import('./z.js');\n";
    expect([...sample.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2])).to.deep.equal(['../x.js', './y.js', './z.js']);
  });
});

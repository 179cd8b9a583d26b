// Unit tests must run without the integration tree's fixtures (processes, databases, harnesses):
// anything both need belongs in test/helpers/. The shared helpers are held to the same rule, since
// unit tests import them.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const testRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const integrationRoot = path.join(testRoot, 'integration');

// `import … from '…'`, `export … from '…'`, bare `import '…'` and `import('…')`.
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function importsOfIntegration(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_SPECIFIER)]
    .map((m) => m[1] ?? '')
    .filter((spec) => spec.startsWith('.'))
    .filter((spec) => path.resolve(path.dirname(file), spec).startsWith(integrationRoot + path.sep));
}

function offenders(dir: string): string[] {
  return sourceFiles(path.join(testRoot, dir)).flatMap((file) =>
    importsOfIntegration(file).map((spec) => `${path.relative(testRoot, file)} imports ${spec}`),
  );
}

describe('test tree imports', () => {
  it('no unit test imports from test/integration/ (move the shared fixture to test/helpers/)', () => {
    expect(offenders('unit')).to.deep.equal([]);
  });

  it('no shared helper imports from test/integration/', () => {
    expect(offenders('helpers')).to.deep.equal([]);
  });

  it('the scan sees relative imports (guards against a regex that matches nothing)', () => {
    const self = fileURLToPath(import.meta.url);
    const fake = path.join(testRoot, 'unit', 'x.test.ts');
    const specs = [...`import { a } from '../integration/api/harness.js';\nawait import('./b.js');`.matchAll(IMPORT_SPECIFIER)].map(
      (m) => m[1] ?? '',
    );
    expect(specs).to.deep.equal(['../integration/api/harness.js', './b.js']);
    expect(path.resolve(path.dirname(fake), specs[0] ?? '').startsWith(integrationRoot + path.sep)).to.equal(true);
    expect(sourceFiles(path.dirname(self))).to.include(self);
  });
});

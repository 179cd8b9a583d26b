// The RPC raises a conductor's error again in the API process by finding its class among
// core/errors.ts's exports: a TyrError class declared anywhere else would come back as its parent.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import * as errors from '../../../core/errors.js';
import { TyrError } from '../../../core/errors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_FOLDERS = ['core', 'migrate', 'cli', 'driver', 'api-extension'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('rpc: the error hierarchy', () => {
  const classNames = (Object.values(errors) as unknown[])
    .filter((v): v is typeof TyrError => typeof v === 'function' && (v === TyrError || v.prototype instanceof TyrError))
    .map((c) => c.name);

  it('every TyrError subclass is declared in core/errors.ts', () => {
    const extendsHierarchy = new RegExp(`class\\s+(\\w+)\\s+extends\\s+(${classNames.join('|')})\\b`, 'g');
    const outside: string[] = [];
    for (const file of SOURCE_FOLDERS.flatMap((f) => sourceFiles(path.join(ROOT, f)))) {
      if (file.endsWith(path.join('core', 'errors.ts'))) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(extendsHierarchy))
        outside.push(`${path.relative(ROOT, file)}: ${m[1]} extends ${m[2]}`);
    }
    expect(outside, 'move these classes into core/errors.ts').to.deep.equal([]);
  });

  it('every class rebuilds itself from its wire fields', () => {
    for (const name of classNames) {
      const cls = (errors as unknown as Record<string, typeof TyrError>)[name]!;
      const err = cls.fromWire(`a ${name}`, { retryAfterSeconds: 5, detail: 'why' });
      expect(err, name).to.be.instanceOf(cls);
      expect(err.name, name).to.equal(name);
      const again = cls.fromWire(err.message, err.wireFields());
      expect([again.message, again.status, again.wireFields()], name).to.deep.equal([err.message, err.status, err.wireFields()]);
    }
  });
});

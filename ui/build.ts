// Builds the web console into static files: dist/ui/index.html and dist/ui/assets/<name>-<hash>.{js,css}.
// Asset names carry a content hash, so the server can let browsers cache them for good
// (core/web/static.ts) while index.html is revalidated on every load.
// Run by `npm run build` (and so by `npm ci`); tests call buildUi() to rebuild after a change.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const UI_SRC = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_UI_OUT = path.join(UI_SRC, '..', 'dist', 'ui');

export async function buildUi(outDir = DEFAULT_UI_OUT): Promise<void> {
  const assets = path.join(outDir, 'assets');
  fs.rmSync(assets, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(UI_SRC, 'main.tsx'), path.join(UI_SRC, 'styles.css')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const named = (ext: string) => {
    const hit = outputs.find(([file, meta]) => file.endsWith(ext) && meta.entryPoint);
    if (!hit) throw new Error(`the UI build produced no ${ext} entry`);
    return `assets/${path.basename(hit[0])}`;
  };
  const html = fs
    .readFileSync(path.join(UI_SRC, 'index.html'), 'utf8')
    .replace('%SCRIPT%', named('.js'))
    .replace('%STYLES%', named('.css'));
  fs.writeFileSync(path.join(outDir, 'index.html'), html);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildUi(process.argv[2] ?? DEFAULT_UI_OUT);
}

// The console's static files: hashed assets cached for ever, index.html revalidated, a 503 that
// says how to build when dist/ui is missing, and no way out of the directory.
import { expect } from 'chai';
import express from 'express';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { closeServer } from '../../../core/listen.js';
import { uiStaticRouter } from '../../../core/web/static.js';

/** A GET with the path sent exactly as given (fetch would resolve "..").  */
function rawGet(port: number, p: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('console static files', () => {
  let dir: string;
  let uiDir: string;
  let server: http.Server;
  let port: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ui-static-'));
    uiDir = path.join(dir, 'dist', 'ui');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the console');
    const app = express();
    app.use(uiStaticRouter(uiDir));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    await closeServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with how to build it while dist/ui is not built', async () => {
    const res = await rawGet(port, '/ui/');
    expect(res.status).to.equal(503);
    expect(res.body).to.equal('The web console is not built: run `npm run build`.');
    expect((await rawGet(port, '/ui/assets/main-ABC.js')).status).to.equal(503);
  });

  it('serves index.html revalidated and hashed assets immutable, and refuses paths out of the directory', async () => {
    fs.mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><script src="assets/main-ABC123.js"></script>');
    fs.writeFileSync(path.join(uiDir, 'assets', 'main-ABC123.js'), 'console.log(1)');

    const index = await rawGet(port, '/ui/');
    expect(index.status).to.equal(200);
    expect(index.headers['cache-control']).to.equal('no-cache');
    // Only this origin's scripts and connections; no page may frame the console.
    expect(index.headers['content-security-policy']).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).to.equal('nosniff');
    expect(index.body).to.include('main-ABC123.js');
    const asset = await rawGet(port, '/ui/assets/main-ABC123.js');
    expect(asset.status).to.equal(200);
    expect(asset.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    expect((await rawGet(port, '/ui')).status).to.equal(301);

    for (const p of [
      '/ui/../../secret.txt',
      '/ui/..%2f..%2fsecret.txt',
      '/ui/assets/..%2f..%2f..%2fsecret.txt',
      '/ui/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await rawGet(port, p);
      expect(res.body, p).to.not.include('outside the console');
      expect(res.status, p).to.be.oneOf([400, 403, 404]);
    }
  });
});

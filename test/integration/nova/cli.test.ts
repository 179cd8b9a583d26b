// `tyr nova-shim` and `tyr nova-extension` as an operator runs them: real processes against a
// real `tyr server`, their flags, and their one-line start-up errors.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../../helpers/ports.js';
import { runTyr, startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { until } from '../../helpers/until.js';
import { callJson } from '../../helpers/nova-harness.js';
import { tyrLauncher } from '../../helpers/tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('tyr nova-shim / tyr nova-extension', function () {
  this.timeout(90_000);
  let core: TyrProcess;
  let dataDir: string;
  const children: ChildProcess[] = [];

  async function startCommand(args: string[]): Promise<string> {
    const port = await freeTcpPort();
    const proc = spawn(process.execPath, [...tyrLauncher(), ...args, '--port', String(port), '--core-url', core.url], {
      cwd: ROOT,
      env: { ...process.env, TYR_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(proc);
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const url = `http://127.0.0.1:${port}`;
    await until(
      `tyr ${args[0]} to listen`,
      30_000,
      () => {
        if (proc.exitCode !== null) throw new Error(`tyr ${args[0]} exited with ${proc.exitCode}:\n${out}`);
        return out.includes('listening on');
      },
      { diagnostics: () => out },
    );
    expect(out).to.contain(`listening on ${url} (core ${core.url})`);
    return url;
  }

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-nova-cli-'));
    core = await startTyrServer(['--data-dir', dataDir], { TYR_LOG_LEVEL: 'warn' });
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await core?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('nova-shim serves the shim, its OpenAPI document and os-baremetal-nodes', async () => {
    const url = await startCommand(['nova-shim', '--cache-ttl', '5']);
    expect((await callJson(url, 'GET', '/openapi.json')).body.info.title).to.contain('shim');
    expect((await callJson(url, 'GET', '/nodes')).body).to.deep.equal({ nodes: [] });
    expect((await callJson(url, 'POST', '/init_host', {})).body.core_url).to.equal(core.url);
    expect((await callJson(url, 'GET', '/os-baremetal-nodes')).body).to.deep.equal({ nodes: [] });
  });

  it('nova-extension serves os-baremetal-nodes alone', async () => {
    const url = await startCommand(['nova-extension']);
    expect((await callJson(url, 'GET', '/os-baremetal-nodes')).body).to.deep.equal({ nodes: [] });
    expect((await callJson(url, 'GET', '/openapi.json')).status).to.equal(404);
  });

  it('refuses bad flags and a busy port with one line and exit code 2', async () => {
    let r = await runTyr(['nova-shim', '--port', 'abc', '--core-url', core.url]);
    expect(r.code).to.equal(2);
    expect(r.stderr.trim()).to.equal('tyr nova-shim: --port must be a non-negative integer, got "abc"');
    r = await runTyr(['nova-shim', '--port', String(core.apiPort), '--core-url', core.url]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^tyr nova-shim: Nova shim port \d+ on 127\.0\.0\.1 is already in use/);
    r = await runTyr(['nova-shim', '--port', '0', '--cache-ttl', '-1']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('--cache-ttl must be a non-negative integer');
    r = await runTyr(['nova-extension', '--port', '-5']);
    expect(r.code).to.equal(2);
    expect(r.stderr.trim()).to.equal('tyr nova-extension: --port must be a non-negative integer, got "-5"');
    r = await runTyr(['nova-extension', '--port', '0', '--log-level', 'loud']);
    expect(r.code).to.equal(2);
    expect(r.stderr.trim()).to.equal('tyr nova-extension: --log-level must be one of trace, debug, info, warn, error, fatal, got "loud"');
  });
});

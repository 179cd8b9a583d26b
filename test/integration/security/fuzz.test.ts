// Fuzzing every route of the API and the boot server of a real `tyr server` process, and the
// agent's command API, with fast-check: malformed, oversized, deeply nested, wrong-typed and
// unicode input. It asserts no 5xx, no crash, and that no planted secret (a BMC password, a
// config drive, a rescue password) ever appears in a response, a log line or `ps` output.
// Bounded in time (FUZZ_SECONDS per target); a failure prints the request that caused it.
// First: the agent's log module reads its file path at import time.
import '../../unit/agent/agent-env.js';
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Router } from 'express';
import { CommandRunner, ExtensionRegistry } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TokenGuard } from '../../../agent/server/token.js';
import { TyrClient } from '../../../client/client.js';
import { apiRouters } from '../../../core/api/routers.js';
import { startApi } from '../../helpers/api-harness.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { until } from '../../helpers/until.js';
import { testLogger } from '../../helpers/test-logger.js';
import { body, failWithShortReport, jsonValue, query, versionHeader, weirdString } from './fuzz-inputs.js';

const FUZZ_SECONDS = Number(process.env.TYR_FUZZ_SECONDS ?? 40);
const SECRETS = { bmc: 'PLANTED-bmc-pw-7f3a9', configdrive: 'PLANTED-configdrive-c41d', rescue: 'PLANTED-rescue-pw-9e2b' };

interface Route {
  method: string;
  path: string;
}
interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every (method, path template) the API's routers declare, read from the routers themselves. */
async function apiRoutes(): Promise<Route[]> {
  const api = await startApi();
  try {
    const routers = apiRouters({ store: api.server.store, conductor: api.server.conductor, config: api.server.config, log: testLogger() });
    const out: Route[] = [];
    for (const router of routers) {
      for (const layer of (router as Router & { stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] })
        .stack) {
        if (!layer.route) continue;
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path: p });
      }
    }
    return out;
  } finally {
    await api.stop();
  }
}

describe('security: fuzzing the API, the boot server and the agent', function () {
  this.timeout(FUZZ_SECONDS * 3_000 + 180_000);
  let tyr: TyrProcess | undefined;
  let dir = '';
  let bootPort = 0;
  const idents: string[] = [];
  const seen: string[] = [];

  const findSecrets = (text: string) => Object.values(SECRETS).filter((s) => text.includes(s));

  async function send(base: string, s: Sent): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(base + s.url, {
        method: s.method,
        headers: s.headers,
        body: s.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(20_000),
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      throw new Error(
        `${s.method} ${s.url} headers=${JSON.stringify(s.headers)} body=${(s.body ?? '').slice(0, 300)}: no answer (${(err as Error).message})`,
        { cause: err },
      );
    }
  }

  /** Sends requests drawn from `arb` for `seconds`; fails on the first 5xx or leaked secret. */
  async function fuzzFor(base: string, arb: fc.Arbitrary<Sent>, seconds: number): Promise<number> {
    const deadline = Date.now() + seconds * 1000;
    let count = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (s) => {
        // Each target gets at least one request, then as many as its share of time allows.
        if (count > 0 && Date.now() > deadline) return;
        count++;
        const r = await send(base, s);
        const described = `${s.method} ${s.url} headers=${JSON.stringify(s.headers)} body=${(s.body ?? '').slice(0, 300)}`;
        expect(r.status, `${described}\n→ ${r.status} ${r.text.slice(0, 500)}`).to.be.below(500);
        expect(findSecrets(r.text), `${described} leaked a secret`).to.deep.equal([]);
        seen.push(`${r.status}`);
      }),
      {
        numRuns: 300,
        endOnFailure: true,
        reporter: failWithShortReport,
      },
    );
    return count;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-fuzz-'));
    bootPort = await freeTcpPort();
    tyr = await startTyrServer(['--data-dir', path.join(dir, 'data'), '--boot-http-port', String(bootPort)], { TYR_LOG_LEVEL: 'debug' });
    const client = new TyrClient({ url: tyr.url });
    const rescued = await client.nodes.create({
      driver: 'fake-hardware',
      name: 'fuzz-rescued',
      driver_info: { ipmi_password: SECRETS.bmc },
    });
    await client.ports.create({ node_uuid: rescued.uuid, address: '52:54:00:f0:00:01' });
    for (const [verb, state] of [
      ['manage', 'manageable'],
      ['provide', 'available'],
    ] as const) {
      await client.nodes.setProvisionState(rescued.uuid, verb);
      await client.nodes.waitForProvisionState(rescued.uuid, state, { timeoutMs: 20_000, pollIntervalMs: 100 });
    }
    await client.nodes.setProvisionState(rescued.uuid, 'active', { configdrive: `H4sI${SECRETS.configdrive}` });
    await client.nodes.waitForProvisionState(rescued.uuid, 'active', { timeoutMs: 20_000, pollIntervalMs: 100 });
    await client.nodes.setProvisionState(rescued.uuid, 'rescue', { rescue_password: SECRETS.rescue });
    await client.nodes.waitForProvisionState(rescued.uuid, 'rescue', { timeoutMs: 20_000, pollIntervalMs: 100 });
    // Fake hardware: a fuzzed call that reaches a BMC must not wait out IPMI timeouts on a BMC that
    // does not exist here (that is a hardware failure, not bad input).
    const plain = await client.nodes.create({
      driver: 'fake-hardware',
      name: 'fuzz-enrolled',
      driver_info: { ipmi_address: '127.0.0.1', ipmi_password: SECRETS.bmc },
    });
    idents.push(rescued.uuid, 'fuzz-rescued', plain.uuid, 'fuzz-enrolled');
  });

  after(async () => {
    await tyr?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers every API route without a 5xx or a leaked secret', async () => {
    const routes = await apiRoutes();
    expect(routes.length, 'routes found').to.be.above(60);
    const concrete = (template: string, method: string) =>
      fc
        .tuple(
          ...template.split('/').map((seg) =>
            seg.startsWith(':')
              ? // Destructive calls only ever name nodes that do not exist, so the planted ones stay.
                (method === 'DELETE'
                  ? weirdString
                  : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...idents) }, { weight: 1, arbitrary: weirdString })
                ).map((v) => encodeURIComponent(v))
              : fc.constant(seg),
          ),
        )
        .map((segs) => segs.join('/'));
    const requestFor = (r: Route): fc.Arbitrary<Sent> =>
      fc.record({
        method: fc.constant(r.method),
        url: fc.tuple(concrete(r.path, r.method), query).map(([p, q]) => (q ? `${p}?${q}` : p)),
        headers: fc
          .record({
            'X-OpenStack-Ironic-API-Version': versionHeader,
            'Content-Type': fc.constantFrom('application/json', 'application/json', 'application/json-patch+json', 'text/plain', ''),
          })
          .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '' && /^[\t\x20-\x7e]*$/.test(v)))),
        body: r.method === 'GET' || r.method === 'DELETE' ? fc.constant(undefined) : body,
      });
    // Every route gets the same share of the time, so none is left out.
    let sent = 0;
    for (const r of routes) sent += await fuzzFor(tyr!.url, requestFor(r), FUZZ_SECONDS / routes.length);
    const statuses = seen.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    console.log(`      ${sent} requests over ${routes.length} routes; statuses ${JSON.stringify(statuses)}`);
    expect(sent, 'requests sent').to.be.above(50);
    expect(tyr!.proc.exitCode, 'tyr server is still running').to.equal(null);
    expect((await fetch(`${tyr!.url}/v1/`)).status).to.equal(200);
  });

  it('serves the boot server only from its root, without a 5xx', async () => {
    const boot = `http://127.0.0.1:${bootPort}`;
    const request = fc.record({
      method: fc.constantFrom('GET', 'HEAD', 'POST'),
      url: fc.oneof(
        fc.constant('/boot.ipxe'),
        weirdString.map((s) => `/boot/${encodeURIComponent(s)}.ipxe`),
        fc.constantFrom('52:54:00:f0:00:01', '52-54-00-f0-00-01').map((m) => `/boot/${m}.ipxe`),
        weirdString.map((s) => `/${s}`),
        fc.constantFrom(
          '/../../../etc/passwd',
          '/%2e%2e/%2e%2e/etc/passwd',
          '/boot/..%2f..%2f..%2fetc%2fpasswd',
          '/images/../../etc/passwd',
        ),
      ),
      headers: fc.record({ Range: fc.constantFrom('bytes=0-10', 'bytes=-5', 'bytes=99999999-', 'bytes=x', 'bytes=0-0,5-5') }),
      body: fc.constant(undefined),
    });
    await fuzzFor(boot, request, Math.max(5, FUZZ_SECONDS / 4));
    for (const traversal of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/boot/..%2f..%2f..%2f..%2fetc%2fpasswd']) {
      const r = await send(boot, { method: 'GET', url: traversal, headers: {} });
      expect(r.text, traversal).to.not.contain('root:x:0:0');
    }
    expect(tyr!.proc.exitCode).to.equal(null);
  });

  it("answers the agent's command API (HTTPS, token in a header) without a 5xx", async () => {
    // The HTTP layer of the real agent (parsing, routing, token checks) over a harmless command:
    // the agent's own extensions write disks, which no fuzzer should drive on this host.
    const registry = new ExtensionRegistry();
    registry.register({
      name: 'test',
      commands: {
        echo: {
          async run(params) {
            return { result: params };
          },
        },
      },
    });
    const token = new TokenGuard();
    token.set('fuzz-token');
    const tls = selfSignedCertificate('127.0.0.1');
    const server = createApiServer({ runner: new CommandRunner(registry), token, startedAt: 0, tls });
    const port = await listen(server, 0, '127.0.0.1');
    const fetchAgent = pinnedFetch(tls.cert);
    try {
      const request = fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        url: fc.oneof(
          fc.constantFrom('/v1/status', '/v1/commands', '/v1/commands/', '/v1/commands/?wait=true', '/v1/commands/%E0%A4%A', '/'),
          weirdString.map((x) => `/v1/commands/${encodeURIComponent(x)}`),
          weirdString.map((x) => `/${x}`),
        ),
        headers: fc
          .record({
            'X-Agent-Token': fc.constantFrom('fuzz-token', 'wrong', ''),
            'Content-Type': fc.constantFrom('application/json', 'text/plain'),
          })
          .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== ''))),
        body: fc.oneof(
          body,
          jsonValue.map((params) => JSON.stringify({ name: 'test.echo', params })),
        ),
      });
      const deadline = Date.now() + Math.max(5, FUZZ_SECONDS / 4) * 1000;
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          if (Date.now() > deadline) return;
          sent++;
          const res = await fetchAgent(`https://127.0.0.1:${port}${r.url}`, {
            method: r.method,
            headers: r.headers,
            body: r.method === 'GET' ? undefined : r.body,
          });
          expect(res.status, `${r.method} ${r.url} ${(r.body ?? '').slice(0, 200)}`).to.be.below(500);
        }),
        {
          numRuns: 100_000,
          interruptAfterTimeLimit: Math.max(5, FUZZ_SECONDS / 4) * 1000,
          markInterruptAsFailure: false,
          endOnFailure: true,
          reporter: failWithShortReport,
        },
      );
      expect(sent).to.be.above(20);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('never writes a planted secret to its log or to a process command line', async () => {
    // Give the logger a moment to flush the last lines.
    await until('the log to settle', 5_000, async () => tyr!.output().length > 0);
    expect(findSecrets(tyr!.output()), 'tyr server log').to.deep.equal([]);
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(findSecrets(ps), 'ps output').to.deep.equal([]);
    expect(seen.length).to.be.above(0);
  });
});

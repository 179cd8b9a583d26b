// An HTTP load generator for benchmarks, run in its own process (child_process.fork) so that its
// CPU is not the measured server's, nor shared with the bench's bookkeeping. Clients are closed
// loops over keep-alive sockets (node:http Agent; fetch costs the client several times more CPU
// per request, and would become the bottleneck near 3,000 req/s on two cores).
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
}

export interface LoadJob {
  /** http://host:port */
  origin: string;
  headers: Record<string, string>;
  clients: number;
  /** Taken in turn by the clients; the job ends after `total` requests or `seconds`, whichever is set. */
  requests: LoadRequest[];
  total?: number;
  seconds?: number;
  /** Return each response's `uuid` field, in request order (for creates). */
  collectUuids?: boolean;
}

export interface LoadResult {
  count: number;
  seconds: number;
  /** Per-request latencies in ms, ascending. */
  latencies: number[];
  uuids: string[];
}

function send(agent: http.Agent, job: LoadJob, r: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${job.origin}${r.path}`, { method: r.method, agent, headers: job.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Runs the job in this process (the forked child calls it). */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  const latencies: number[] = [];
  const uuids: string[] = [];
  const total = job.total ?? Infinity;
  const until = job.seconds === undefined ? Infinity : performance.now() + job.seconds * 1000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      while (next < total && performance.now() < until) {
        const i = next++;
        const r = job.requests[i % job.requests.length]!;
        const start = performance.now();
        const res = await send(agent, job, r);
        latencies.push(performance.now() - start);
        if (res.status >= 400) throw new Error(`${r.method} ${r.path} → ${res.status}: ${res.body.slice(0, 300)}`);
        if (job.collectUuids) uuids[i] = (JSON.parse(res.body) as { uuid: string }).uuid;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { count: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b), uuids };
}

/** Runs the job in a forked process and returns its result. */
export function loadInChild(job: LoadJob): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--load-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: LoadResult; error?: string }) => {
      if (m.error) reject(new Error(`load generator: ${m.error}`));
      else resolve(m.result!);
      child.disconnect();
    });
    child.once('exit', (code) => reject(new Error(`load generator exited ${code} without a result`)));
    child.send(job);
  });
}

if (process.argv.includes('--load-child')) {
  process.once('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send!({ result }),
      (err: Error) => process.send!({ error: err.message }),
    );
  });
}

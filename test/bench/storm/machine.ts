// One PXE-booting machine of the storm, as iPXE and the ramdisk agent would talk: boot.ipxe, its
// per-MAC script (following a `chain` to the node's conductor), the first 64 KiB of the kernel,
// then the agent's lookup and first heartbeat. Each machine speaks from its own loopback address
// (127.x.y.z), as a rack of machines has one address each, so per-source caps see 1,000 sources.
import http from 'node:http';

export const PHASES = ['boot.ipxe', 'per-MAC script', 'kernel, first 64 KiB', 'lookup', 'heartbeat'] as const;
export type Phase = (typeof PHASES)[number];

export interface Sample {
  phase: Phase;
  ms: number;
  error?: string;
}

export interface StormMachine {
  mac: string;
  node: string;
  /** Source address of every request. */
  address: string;
  /** The boot server DHCP pointed it at. */
  bootUrl: string;
  callbackUrl: string;
}

interface Reply {
  status: number;
  body: string;
}

function request(
  url: string,
  from: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, localAddress: from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Times one step; a thrown error or an unexpected answer is that phase's error. */
async function timed<T>(samples: Sample[], phase: Phase, step: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    const value = await step();
    samples.push({ phase, ms: performance.now() - t0 });
    return value;
  } catch (err) {
    samples.push({ phase, ms: performance.now() - t0, error: (err as Error).message });
    throw err;
  }
}

function expectStatus(r: Reply, status: number, what: string): Reply {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  return r;
}

/** The word after `keyword` at the start of a script line. */
function scriptWord(script: string, keyword: string): string | undefined {
  return new RegExp(`^${keyword} (?:--\\S+ )*(\\S+)`, 'm').exec(script)?.[1];
}

/** Runs the machine's boot; every phase it reached is in the returned samples. */
export async function bootMachine(m: StormMachine, tokens: Map<string, string>): Promise<Sample[]> {
  const samples: Sample[] = [];
  try {
    const entry = await timed(samples, 'boot.ipxe', async () =>
      expectStatus(await request(`${m.bootUrl}/boot.ipxe`, m.address), 200, 'boot.ipxe'),
    );
    let scriptUrl = scriptWord(entry.body, 'chain')?.replace('${net0/mac}', m.mac);
    let script = '';
    // iPXE follows at most a couple of chains (entry → this server → the owner's server).
    for (let hops = 0; scriptUrl && hops < 3; hops++) {
      const url = scriptUrl;
      script = (await timed(samples, 'per-MAC script', async () => expectStatus(await request(url, m.address), 200, url))).body;
      scriptUrl = scriptWord(script, 'chain');
    }
    const kernel = scriptWord(script, 'kernel');
    const apiUrl = /ipa-api-url=(\S+)/.exec(script)?.[1];
    if (!kernel || !apiUrl || !script.includes(`tyr-node-uuid=${m.node}`)) {
      samples.push({
        phase: 'per-MAC script',
        ms: 0,
        error: `no deploy ramdisk for node ${m.node} in its script: ${script.slice(0, 300)}`,
      });
      return samples;
    }
    await timed(samples, 'kernel, first 64 KiB', async () => {
      const r = expectStatus(await request(kernel, m.address, { headers: { Range: 'bytes=0-65535' } }), 206, kernel);
      if (r.body.length !== 65536) throw new Error(`${kernel}: ${r.body.length} bytes, not 65536`);
    });
    const lookup = await timed(samples, 'lookup', async () => {
      const body = JSON.parse(expectStatus(await request(`${apiUrl}/v1/lookup?addresses=${m.mac}`, m.address), 200, 'lookup').body);
      if (body.node?.uuid !== m.node) throw new Error(`lookup of ${m.mac} named node ${body.node?.uuid}, not ${m.node}`);
      return body as { config: { agent_token: string } };
    });
    tokens.set(m.node, lookup.config.agent_token);
    await timed(samples, 'heartbeat', async () =>
      expectStatus(
        await request(`${apiUrl}/v1/heartbeat/${m.node}`, m.address, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.68' },
          body: JSON.stringify({ callback_url: m.callbackUrl, agent_token: lookup.config.agent_token, agent_status: 'start' }),
        }),
        202,
        'heartbeat',
      ),
    );
  } catch {
    /* the failing phase recorded its error */
  }
  return samples;
}

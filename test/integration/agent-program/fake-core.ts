// A stand-in for Tyr's core, implementing only the agent-facing endpoints of the protocol
// (docs/agent-protocol.md: GET /v1/lookup, POST /v1/heartbeat/<uuid>) and recording what the
// agent sends. A stand-in because the real endpoints are built in parallel by another engineer;
// the agent under test is the real executable.
import http from 'node:http';

export interface FakeCore {
  lookups: URLSearchParams[];
  heartbeats: Record<string, unknown>[];
  rejectedHeartbeats: number;
  /** Lookups answered with the real token (at most one per boot, as in the protocol). */
  tokensHandedOut: number;
  close(): Promise<void>;
}

/** `tokenIssued`: this boot's token was already handed out (by an earlier instance of the core). */
export function startFakeCore(port: number, node: { uuid: string; name: string }, token: string, tokenIssued = false): Promise<FakeCore> {
  const core: Omit<FakeCore, 'close'> = { lookups: [], heartbeats: [], rejectedHeartbeats: 0, tokensHandedOut: 0 };
  const json = (res: http.ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://core');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && url.pathname === '/v1/lookup') {
        core.lookups.push(url.searchParams);
        // The token is handed out once per boot; afterwards lookup masks it.
        const agentToken = tokenIssued || core.tokensHandedOut > 0 ? '******' : token;
        if (agentToken === token) core.tokensHandedOut++;
        return json(res, 200, {
          node: { uuid: node.uuid, properties: {}, instance_info: {} },
          config: { heartbeat_timeout: 3, agent_token: agentToken, agent_token_required: true },
        });
      }
      if (req.method === 'POST' && url.pathname === `/v1/heartbeat/${node.uuid}`) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        if (body.agent_token !== token) {
          core.rejectedHeartbeats++;
          return json(res, 401, { error_message: JSON.stringify({ faultstring: `Invalid or missing agent token for node ${node.uuid}` }) });
        }
        core.heartbeats.push(body);
        return json(res, 202);
      }
      json(res, 404, { error_message: JSON.stringify({ faultstring: `no route ${req.method} ${url.pathname}` }) });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve(Object.assign(core, { close: () => new Promise<void>((r) => server.close(() => r())) })),
    );
  });
}

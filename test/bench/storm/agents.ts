// A STAND-IN for the command API of 1,000 ramdisk agents (Tyr's agent protocol, docs/agent-protocol.md):
// one HTTP server, one path prefix per machine (callback_url http://127.0.0.1:<port>/m/<node uuid>),
// each checking its own node's token in X-Agent-Token. No agent can run 1,000 times here. The
// image write (standby.prepare_image) stays RUNNING, as a real one would for minutes, so the
// conductor's polls are part of the load the storm measures.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StormAgents {
  /** The callback URL the machine of `node` reports in its heartbeat. */
  callbackUrl(node: string): string;
  /** The token the machine of `node` got from its lookup. */
  tokens: Map<string, string>;
  /** Commands received, refused (wrong token, unknown node) and polls answered. */
  stats: { commands: number; polls: number; refused: number };
  stop(): Promise<void>;
}

const PATH_RE = /^\/m\/([0-9a-f-]{36})\/v1\/commands\/?([^/]*)$/;

export async function startStormAgents(): Promise<StormAgents> {
  const tokens = new Map<string, string>();
  const stats = { commands: 0, polls: 0, refused: 0 };
  const running = new Map<string, Record<string, unknown>>();
  const send = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const m = PATH_RE.exec(new URL(req.url ?? '/', 'http://agent').pathname);
      const token = m && tokens.get(m[1]!);
      if (!m || !token || req.headers['x-agent-token'] !== token) {
        stats.refused++;
        return send(res, 401, { faultstring: 'Invalid or missing agent token' });
      }
      if (req.method === 'GET' && m[2]) {
        const r = running.get(m[2]);
        stats.polls++;
        return r ? send(res, 200, r) : send(res, 404, { faultstring: `no command ${m[2]}` });
      }
      if (req.method === 'POST' && !m[2]) {
        const { name, params } = JSON.parse(raw || '{}') as { name: string; params?: unknown };
        stats.commands++;
        const r = {
          id: randomUUID(),
          command_name: name,
          command_params: params ?? {},
          command_status: name === 'standby.prepare_image' ? 'RUNNING' : 'SUCCEEDED',
          command_error: null,
          command_result: {},
        };
        running.set(r.id, r);
        return send(res, 200, r);
      }
      send(res, 404, { faultstring: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    callbackUrl: (node) => `${base}/m/${node}`,
    tokens,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

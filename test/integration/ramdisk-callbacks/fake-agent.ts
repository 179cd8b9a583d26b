// A tiny HTTP server that speaks the agent's command API (docs/agent-protocol.md, "The core calls
// the agent"). It STANDS IN for the real agent (agent/, built by another engineer), so the conductor's
// client can be tested over real HTTP without a ramdisk. Commands: standby.sync succeeds,
// test.fail ends FAILED, test.slow stays RUNNING until polled twice.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAgent {
  url: string;
  token: string;
  /** Tokens each request carried, in order. */
  seenTokens: (string | undefined)[];
  stop(): Promise<void>;
}

type Result = Record<string, unknown> & { id: string; command_status: string };

export async function startFakeAgent(token: string): Promise<FakeAgent> {
  const commands = new Map<string, Result & { polls: number }>();
  const seenTokens: (string | undefined)[] = [];
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const given = (req.headers['x-agent-token'] as string | undefined) ?? url.searchParams.get('agent_token') ?? undefined;
    seenTokens.push(given);
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      if (given !== token) return send(res, 401, { faultstring: 'Invalid or missing agent token' });
      if (req.method === 'GET' && url.pathname === '/v1/status') return send(res, 200, { started_at: 1700000000, version: '0.1.0' });
      if (req.method === 'GET' && url.pathname.replace(/\/$/, '') === '/v1/commands') {
        return send(res, 200, { commands: [...commands.values()].map(({ polls: _p, ...r }) => r) });
      }
      const one = /^\/v1\/commands\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && one) {
        const cmd = commands.get(one[1]!);
        if (!cmd) return send(res, 404, { faultstring: `no command ${one[1]}` });
        if (++cmd.polls >= 2) Object.assign(cmd, { command_status: 'SUCCEEDED', command_result: { slept: true } });
        const { polls: _p, ...r } = cmd;
        return send(res, 200, r);
      }
      if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/v1/commands') {
        const { name, params } = JSON.parse(raw || '{}');
        const base = { id: randomUUID(), command_name: name, command_params: params ?? {}, command_error: null, command_result: null };
        let result: Result;
        if (name === 'standby.sync') result = { ...base, command_status: 'SUCCEEDED', command_result: { synced: true } };
        else if (name === 'test.fail') {
          result = {
            ...base,
            command_status: 'FAILED',
            command_error: { type: 'CommandExecutionError', message: 'disk /dev/vda is on fire', code: 500, details: 'smoke' },
          };
        } else if (name === 'test.slow') result = { ...base, command_status: 'RUNNING' };
        else
          return send(res, 404, {
            ...base,
            command_status: 'FAILED',
            command_error: { type: 'InvalidCommandError', message: `Unknown command: ${name}`, code: 404 },
          });
        commands.set(result.id, { ...result, polls: 0 });
        return send(res, 200, result);
      }
      send(res, 404, { faultstring: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    seenTokens,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

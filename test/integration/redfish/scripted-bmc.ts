// A scripted Redfish BMC: a few routes answered from a table, every request recorded. Only for
// behaviour the simulator does not imitate (an older or odd vendor service); a test using it says
// which. Plain HTTP on 127.0.0.1, no authentication.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export type ScriptedRoutes = Record<string, (body: unknown) => ScriptedAnswer>;

export interface ScriptedBmc {
  url: string;
  requests: { method: string; path: string; body: unknown; headers: http.IncomingHttpHeaders }[];
  stop(): Promise<void>;
}

/** `routes` is keyed "METHOD /path"; anything else answers 404. */
export async function startScriptedBmc(routes: ScriptedRoutes): Promise<ScriptedBmc> {
  const requests: ScriptedBmc['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : null;
      requests.push({ method: req.method ?? '', path: req.url ?? '', body, headers: req.headers });
      const route = routes[`${req.method} ${req.url}`];
      const answer = route
        ? route(body)
        : { status: 404, json: { error: { code: 'Base.1.0.ResourceMissingAtURI', message: `no ${req.url}` } } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

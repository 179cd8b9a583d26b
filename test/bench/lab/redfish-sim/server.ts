// The HTTP(S) side of a sim: parse, apply scripted faults, check credentials, route, and answer
// JSON with the OData headers and ETags Redfish clients expect. PATCH with If-Match is checked
// against the ETag of the resource's current GET representation (412 on mismatch).
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimAuth } from './auth.js';
import { fail, redfishError, SimHttpError, type SimReply } from './errors.js';
import type { SimFaultPlan } from './faults.js';
import { findRoute, handlerFor, type Method, normalisePath, type Route, type RouteMatch, type SimRequest } from './router.js';
import type { SimCert } from './tls.js';
import type { SimStats } from './types.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface ServerParts {
  routes: Route[];
  auth: SimAuth;
  faults: SimFaultPlan;
  stats: SimStats;
}

export function etagOf(body: object | undefined): string {
  return `"${crypto
    .createHash('sha1')
    .update(JSON.stringify(body ?? null))
    .digest('hex')
    .slice(0, 16)}"`;
}

function etagMatches(ifMatch: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) fail(413, 'GeneralError', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0 || contentType.startsWith('multipart/')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return fail(400, 'MalformedJSON', 'The request body is not valid JSON.');
  }
}

/** The route when `method` on it needs no credentials, else null. */
function publicRoute(routes: Route[], path: string, method: string): RouteMatch | null {
  try {
    const match = findRoute(routes, path);
    return match.route.public?.includes(method as Method) ? match : null;
  } catch {
    return null;
  }
}

async function answer(parts: ServerParts, req: http.IncomingMessage): Promise<SimReply> {
  const scripted = parts.faults.take();
  if (scripted) return scripted;
  const path = normalisePath(req.url ?? '/');
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  // Credentials before existence: without them, every non-public path is 401, even a missing one.
  const match = parts.auth.authorised(req.headers) ? findRoute(parts.routes, path) : publicRoute(parts.routes, path, method);
  if (!match) {
    return redfishError(
      401,
      'NoValidSession',
      'There is no valid session or credentials for this request; log in through SessionService or use basic auth.',
      {
        'WWW-Authenticate': 'Basic realm="Tyr lab Redfish"',
      },
    );
  }
  const handler = handlerFor(match, method);
  const simReq: SimRequest = {
    method,
    path,
    headers: req.headers,
    body: parseJson(raw, req.headers['content-type'] ?? ''),
    raw,
    params: match.params,
  };
  const ifMatch = req.headers['if-match'];
  const getHandler = match.route.handlers.GET;
  if (method === 'PATCH' && typeof ifMatch === 'string' && getHandler) {
    const current = etagOf((await getHandler(simReq)).body);
    if (!etagMatches(ifMatch, current)) {
      return redfishError(
        412,
        'PreconditionFailed',
        `The ETag ${ifMatch} does not match the resource's current ETag ${current}; read it again and retry.`,
      );
    }
  }
  const reply = await handler(simReq);
  if (method === 'GET' && reply.status === 200 && reply.body) return { ...reply, headers: { ETag: etagOf(reply.body), ...reply.headers } };
  return reply;
}

function send(res: http.ServerResponse, reply: SimReply): void {
  const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  const headers: Record<string, string> = { 'OData-Version': '4.0', 'Cache-Control': 'no-cache', ...reply.headers };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function listener(parts: ServerParts) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    parts.stats.requests++;
    answer(parts, req).then(
      (reply) => send(res, reply),
      (err: unknown) => {
        if (err instanceof SimHttpError) send(res, err.reply);
        else send(res, redfishError(500, 'InternalError', `The lab BMC failed: ${err instanceof Error ? err.message : String(err)}`));
      },
    );
  };
}

export interface ListeningServer {
  server: http.Server;
  port: number;
}

export async function listen(parts: ServerParts, cert: SimCert | null, port: number): Promise<ListeningServer> {
  const server = cert ? https.createServer({ cert: cert.cert, key: cert.key }, listener(parts)) : http.createServer(listener(parts));
  // Clients keep connections alive; the sim must not hold its stop() on them.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function close(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

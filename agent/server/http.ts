// The agent's command API (IPA-compatible) on node:https — no framework, to keep the single
// executable small. HTTPS always, with this boot's self-signed certificate (tls.ts). Every
// request, status included, must carry the agent token, in the X-Agent-Token header only: a
// token in a URL ends up in logs and proxies, so IPA's ?agent_token= form is not taken.
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { jsonDepth, MAX_JSON_DEPTH, tooDeepMessage } from '../../protocol/json-depth.js';
import { errorText, log } from '../log.js';
import type { CommandResult } from '../../protocol/agent-wire.js';
import { AGENT_VERSION } from '../version.js';
import { CommandRequestError, type CommandRunner } from './commands.js';
import type { TlsCredentials } from './tls.js';
import type { TokenGuard } from './token.js';

const MAX_BODY = 1024 * 1024;
// The conductor sends each request at once; a client slower than this only holds a socket.
// Node checks these every 30 s unless told otherwise, which let slow headers live 85 s.
const SLOW_CLIENT_LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 };

export interface ApiDeps {
  runner: CommandRunner;
  token: TokenGuard;
  startedAt: number;
  tls: TlsCredentials;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const fault = (res: http.ServerResponse, status: number, message: string): void => send(res, status, { faultstring: message });

/** 400/404/409 before a command starts, still shaped like a command result (plus faultstring). */
function refusedResult(name: unknown, params: unknown, err: CommandRequestError): CommandResult & { faultstring: string } {
  return {
    id: '',
    command_name: typeof name === 'string' ? name : '',
    command_params: params && typeof params === 'object' ? (params as Record<string, unknown>) : {},
    command_status: 'FAILED',
    command_error: { type: err.type, message: err.message, code: err.status, details: err.message },
    command_result: null,
    faultstring: err.message,
  };
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new CommandRequestError(413, 'RequestTooLarge', `the body is over ${MAX_BODY} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (jsonDepth(text) > MAX_JSON_DEPTH) return reject(new CommandRequestError(400, 'InvalidJson', tooDeepMessage()));
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch {
        reject(new CommandRequestError(400, 'InvalidJson', 'the body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

async function postCommand(deps: ApiDeps, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = (await readJson(req)) as { name?: unknown; params?: unknown } | null;
  const name = body?.name;
  const params = body?.params;
  let started;
  try {
    started = deps.runner.start(name, params);
  } catch (err) {
    if (err instanceof CommandRequestError) return send(res, err.status, refusedResult(name, params, err));
    throw err;
  }
  log.info(`command ${started.record.command_name} (${started.record.id}) started`);
  const wait = url.searchParams.get('wait') === 'true';
  if (wait) await started.done;
  // The reply must reach the conductor before a power off or reboot takes the agent away.
  res.once('finish', () => {
    void started.done
      .then(async (outcome) => {
        log.info(`command ${started.record.command_name} (${started.record.id}) ${started.record.command_status}`);
        await outcome?.afterReply?.();
      })
      .catch((err: unknown) => {
        // The reply is already sent: a failing power off or reboot is logged, and the agent stays up.
        log.error(`command ${started.record.command_name} (${started.record.id}): after-reply action failed: ${errorText(err)}`);
      });
  });
  send(res, 200, started.record);
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new CommandRequestError(
      400,
      'InvalidRequest',
      `the path segment ${JSON.stringify(segment.slice(0, 100))} is not valid percent-encoded UTF-8`,
    );
  }
}

/** The request's URL; a target that does not parse ("//", an absolute URL gone wrong) is a 400. */
function requestUrl(target: string): URL {
  try {
    // Prefixing rather than resolving: "//x" is a path here, not a host.
    return new URL(`http://agent${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    throw new CommandRequestError(400, 'InvalidRequest', `the request target ${JSON.stringify(target.slice(0, 100))} is not a valid path`);
  }
}

async function route(deps: ApiDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = requestUrl(req.url ?? '/');
  const presented = req.headers['x-agent-token'];
  if (!deps.token.check(Array.isArray(presented) ? presented[0] : presented)) {
    return fault(
      res,
      401,
      deps.token.isSet ? 'Invalid or missing agent token' : 'The agent has no token yet (lookup has not succeeded); retry later',
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (path === '/v1/status' && method === 'GET') {
    return send(res, 200, { started_at: deps.startedAt, version: AGENT_VERSION });
  }
  if (path === '/v1/commands') {
    if (method === 'GET') return send(res, 200, { commands: deps.runner.list() });
    if (method === 'POST') return postCommand(deps, url, req, res);
    return fault(res, 405, `${method} is not allowed on /v1/commands/: use GET or POST`);
  }
  const m = /^\/v1\/commands\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    const id = decodePathSegment(m[1]!);
    const result = deps.runner.get(id);
    return result ? send(res, 200, result) : fault(res, 404, `no command with id ${JSON.stringify(id)}`);
  }
  return fault(res, 404, `no such endpoint: ${method} ${url.pathname}`);
}

export function createApiServer(deps: ApiDeps, limits = SLOW_CLIENT_LIMITS): https.Server {
  const options = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: 1000 };
  // A client that never finishes the TLS handshake is cut off as soon as a slow header would be.
  return https.createServer(
    { ...options, handshakeTimeout: limits.headersTimeoutMs, key: deps.tls.key, cert: deps.tls.cert },
    (req, res) => {
      route(deps, req, res).catch((err: unknown) => {
        if (res.headersSent) return;
        if (err instanceof CommandRequestError) return fault(res, err.status, err.message);
        log.error(`command API: ${errorText(err)}`);
        fault(res, 500, `internal agent error: ${errorText(err)}`);
      });
    },
  );
}

export function listen(server: https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

// Path routing for one sim: a route is a path pattern ("/redfish/v1/Systems/:id") and a handler per
// HTTP method. A path without a route is 404; a method the route lacks is 405 with Allow.
import { notFound, redfishError, SimHttpError, type SimReply } from './errors.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface SimRequest {
  method: string;
  /** Normalised: no query, no trailing slash ("/redfish/v1"). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when none); multipart requests keep theirs raw. */
  body: unknown;
  raw: Buffer;
  params: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimReply | Promise<SimReply>;

export interface Route {
  path: string;
  /** Methods reachable without credentials (GET ServiceRoot, POST Sessions to log in). */
  public?: Method[];
  handlers: Partial<Record<Method, Handler>>;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function normalisePath(url: string): string {
  const bare = url.replace(/[?#].*$/, '');
  const trimmed = bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
  return decodeURI(trimmed);
}

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = actual;
    else if (segment !== actual) return null;
  }
  return params;
}

/** A path parameter the route pattern declares (":id"). */
export function param(req: SimRequest, name: string): string {
  return req.params[name] ?? '';
}

export function findRoute(routes: Route[], path: string): RouteMatch {
  for (const route of routes) {
    const params = matchPattern(route.path, path);
    if (params) return { route, params };
  }
  return notFound(path);
}

export function handlerFor(match: RouteMatch, method: string): Handler {
  const handler = match.route.handlers[method as Method];
  if (handler) return handler;
  const allowed = Object.keys(match.route.handlers).join(', ');
  const message = `${method} is not allowed on this resource; allowed: ${allowed}.`;
  throw new SimHttpError(redfishError(405, 'OperationNotAllowed', message, { Allow: allowed }), message);
}

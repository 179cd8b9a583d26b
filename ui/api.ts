// Every call the console makes goes through here: the same-origin API with the operator's HTTP
// Basic credentials (kept in sessionStorage, so they end with the tab), the highest microversion,
// and Ironic's error body turned into an ApiError whose message is the API's own words.
import { UI_REQUEST_HEADER } from '../protocol/web-ui.js';

const CREDENTIALS_KEY = 'tyr.credentials';
let version = '1.1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** "user:password", or null when none was given (noauth, or before the log-in page). */
export function credentials(): string | null {
  return sessionStorage.getItem(CREDENTIALS_KEY);
}

export function setCredentials(userColonPassword: string | null): void {
  if (userColonPassword === null) sessionStorage.removeItem(CREDENTIALS_KEY);
  else sessionStorage.setItem(CREDENTIALS_KEY, userColonPassword);
}

/** The microversion sent on /v1 calls; set from GET /ui/api/session. */
export function setApiVersion(v: string): void {
  version = v;
}

export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = { [UI_REQUEST_HEADER]: '1', 'X-OpenStack-Ironic-API-Version': version };
  const c = credentials();
  if (c !== null) headers.Authorization = `Basic ${btoa(unescape(encodeURIComponent(c)))}`;
  return headers;
}

/** Ironic's error body: {"error_message": "<JSON with faultstring>"} or {"error_message": {...}}. */
function errorMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error_message?: unknown };
    let inner = body.error_message;
    if (typeof inner === 'string') {
      const raw = inner;
      try {
        inner = JSON.parse(raw);
      } catch {
        return raw;
      }
    }
    const fault = (inner as { faultstring?: unknown } | undefined)?.faultstring;
    if (typeof fault === 'string' && fault) return fault;
  } catch {
    /* not JSON */
  }
  return text.trim() || `HTTP ${status}`;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  const headers = { ...authHeaders(), ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorMessage(res.status, text));
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A query string from the defined values of an object (arrays repeat the key). */
export function queryString(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

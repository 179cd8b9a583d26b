// The one error the client throws for anything the server (or the network) refused. Ironic's
// error body nests a JSON string inside JSON ({"error_message": "{\"faultstring\": ...}"}); this
// file is the only place on the client side that unwraps it.
export class TyrApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached at all. */
  readonly status: number;
  readonly method: string;
  readonly url: string;

  constructor(status: number, message: string, method: string, url: string) {
    super(message);
    this.name = 'TyrApiError';
    this.status = status;
    this.method = method;
    this.url = url;
  }
}

/** The faultstring of an Ironic error body, or a readable fallback for anything else. */
export function faultString(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'error_message' in body) {
    const inner = body.error_message;
    if (inner && typeof inner === 'object' && 'faultstring' in inner) return String(inner.faultstring);
    if (typeof inner === 'string') {
      try {
        const parsed = JSON.parse(inner) as { faultstring?: unknown };
        if (parsed && typeof parsed.faultstring === 'string') return parsed.faultstring;
      } catch {
        // Not JSON: some proxies put the plain message there.
      }
      return inner;
    }
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `HTTP ${status}`;
}

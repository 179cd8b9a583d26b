// Whether a bind address is loopback-only: what may go without authentication (the noauth API,
// the Nova shim with noauth, the raw console TCP ports) must listen only there.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

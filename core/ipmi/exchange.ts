// One request/answer over UDP: send, resend every `retransmitMs` (datagrams get lost), and settle
// with the first datagram `accept` takes, or NoAnswer at the deadline. `build` is called for each
// transmission, so a session can give every copy a fresh sequence number.
import { Cancelled, NoAnswer } from './errors.js';
import type { Remote, UdpTransport } from './transport.js';

export interface ExchangeOptions {
  retransmitMs: number;
  /** Absolute time (Date.now()) after which no answer means NoAnswer. */
  deadline: number;
  signal?: AbortSignal;
}

/** `accept` returns the answer, or undefined to drop the datagram (not ours, forged, garbage). */
export function exchange<T>(
  transport: UdpTransport,
  remote: Remote,
  build: () => Buffer,
  accept: (datagram: Buffer) => T | undefined,
  opts: ExchangeOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined, value?: T) => {
      clearTimeout(timer);
      stop();
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value as T);
    };
    const onAbort = () => finish(new Cancelled('cancelled'));
    const stop = transport.listen(remote, (datagram) => {
      const value = accept(datagram);
      if (value !== undefined) finish(undefined, value);
    });
    const transmit = () => {
      const left = opts.deadline - Date.now();
      if (left <= 0) {
        finish(new NoAnswer('no answer'));
        return;
      }
      transport.send(remote, build());
      timer = setTimeout(transmit, Math.min(opts.retransmitMs, left));
    };
    if (opts.signal?.aborted) {
      finish(new Cancelled('cancelled'));
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    transmit();
  });
}

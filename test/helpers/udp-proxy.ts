// A UDP proxy between a client and a BMC that loses datagrams on purpose: each direction drops a
// fraction of them, chosen by a seeded generator so a failing run can be replayed, or all of them
// (a BMC that stopped answering). It also counts RMCP+ Open Session Requests, to see how many
// sessions a client opened. One upstream socket per client address, so answers find their way back.
import dgram from 'node:dgram';

export interface UdpProxyOptions {
  /** The BMC. */
  target: { address: string; port: number };
  /** Fraction of datagrams dropped in each direction, 0–1. Default 0. */
  dropRate?: number;
  /** Seed of the drop decisions. Default 1. */
  seed?: number;
}

export interface UdpProxy {
  readonly port: number;
  /** Open Session Requests seen (RMCP+ payload type 0x10), dropped ones included. */
  readonly openSessionRequests: number;
  readonly forwarded: number;
  readonly dropped: number;
  /** Drop everything (true) or go back to the drop rate (false). */
  setBlackhole(on: boolean): void;
  /** Forward `n` more datagrams (either way), then drop everything: silence at an exact step. */
  blackholeAfter(n: number): void;
  close(): Promise<void>;
}

// mulberry32: a tiny deterministic generator, enough for drop decisions.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isOpenSessionRequest = (d: Buffer) => d.length > 5 && d[0] === 0x06 && d[3] === 0x07 && d[4] === 0x06 && (d[5]! & 0x3f) === 0x10;

export async function startUdpProxy(opts: UdpProxyOptions): Promise<UdpProxy> {
  const random = seeded(opts.seed ?? 1);
  const rate = opts.dropRate ?? 0;
  let blackhole = false;
  let passLeft = Infinity;
  let openSessionRequests = 0;
  let forwarded = 0;
  let dropped = 0;
  const lose = () => {
    if (passLeft-- <= 0) blackhole = true;
    if (blackhole || random() < rate) {
      dropped++;
      return true;
    }
    forwarded++;
    return false;
  };
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  front.on('message', (msg, from) => {
    if (isOpenSessionRequest(msg)) openSessionRequests++;
    if (lose()) return;
    const key = `${from.address}:${from.port}`;
    let up = upstreams.get(key);
    if (!up) {
      up = dgram.createSocket('udp4');
      up.on('message', (answer) => {
        if (!lose()) front.send(answer, from.port, from.address);
      });
      up.bind(0, '127.0.0.1');
      upstreams.set(key, up);
    }
    up.send(msg, opts.target.port, opts.target.address);
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const port = front.address().port;
  return {
    port,
    get openSessionRequests() {
      return openSessionRequests;
    },
    get forwarded() {
      return forwarded;
    },
    get dropped() {
      return dropped;
    },
    setBlackhole(on) {
      blackhole = on;
      passLeft = Infinity;
    },
    blackholeAfter(n) {
      passLeft = n;
    },
    async close() {
      for (const up of upstreams.values()) up.close();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

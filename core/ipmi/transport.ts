// One UDP socket (per address family) shared by every BMC session of the client. With 10,000
// BMCs, a socket per session would be 10,000 file descriptors (past the usual 1,024 soft limit)
// and 10,000 kernel buffers; one socket costs one descriptor and the kernel already tells each
// datagram's source. Datagrams are handed to whoever waits on that source address:port; the
// session then checks the session ID, integrity and sequence, so a BMC cannot answer for another.
// At most a few exchanges wait per address (commands to one BMC are serialised by BmcQueue).
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import net from 'node:net';

export interface Remote {
  address: string;
  port: number;
  family: 4 | 6;
  /** "address:port", the demultiplexing key. */
  key: string;
}

export type Receiver = (datagram: Buffer) => void;

// Big enough for a whole power-sync burst of answers to queue while the event loop is busy.
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export class UdpTransport {
  private readonly sockets = new Map<4 | 6, dgram.Socket>();
  private readonly receivers = new Map<string, Set<Receiver>>();
  /** Datagrams from addresses nobody waits on (late answers, strangers). */
  unclaimed = 0;

  async resolve(address: string, port: number): Promise<Remote> {
    let ip = address;
    let family = net.isIP(address) as 0 | 4 | 6;
    if (family === 0) {
      const found = await dns.lookup(address);
      ip = found.address;
      family = found.family as 4 | 6;
    }
    return { address: ip, port, family, key: `${ip}:${port}` };
  }

  /** Starts handing datagrams from `remote` to `receiver`; the returned function stops it. */
  listen(remote: Remote, receiver: Receiver): () => void {
    this.socket(remote.family);
    let set = this.receivers.get(remote.key);
    if (!set) {
      set = new Set();
      this.receivers.set(remote.key, set);
    }
    set.add(receiver);
    return () => {
      const s = this.receivers.get(remote.key);
      if (!s) return;
      s.delete(receiver);
      if (s.size === 0) this.receivers.delete(remote.key);
    };
  }

  send(remote: Remote, datagram: Buffer): void {
    // A send error (no route) surfaces as a missing answer, which the caller already handles.
    this.socket(remote.family).send(datagram, remote.port, remote.address, () => undefined);
  }

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
    this.receivers.clear();
  }

  private socket(family: 4 | 6): dgram.Socket {
    let s = this.sockets.get(family);
    if (s) return s;
    s = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6', recvBufferSize: RECEIVE_BUFFER_BYTES });
    s.on('message', (msg, rinfo) => {
      const set = this.receivers.get(`${rinfo.address}:${rinfo.port}`);
      if (!set) {
        this.unclaimed++;
        return;
      }
      for (const r of set) r(msg);
    });
    s.on('error', () => undefined);
    // The socket must not keep the process alive: sessions are closed by close(), timers are unref'd.
    s.unref();
    s.bind(0);
    this.sockets.set(family, s);
    return s;
  }
}

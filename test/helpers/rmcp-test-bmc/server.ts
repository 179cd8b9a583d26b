// A minimal IPMI 2.0 LAN responder on 127.0.0.1 for tests only: it exists because OpenIPMI's
// ipmi_sim 2.0.33 refuses cipher suite 17, so a suite-17 peer cannot otherwise exist here. It
// shares no code with core/ipmi/ (written from the spec) and is validated by ipmitool first.
// Only what the tests need: one account, no Kg, no sequence-window enforcement, no SOL.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { channelAuthCapabilities, newBmcState, sessionCommand, type BmcState, type DeviceIdentity } from './commands.js';
import { decryptPayload, encryptPayload } from './crypto.js';
import { openSession, rakp1, rakp3, type Account, type ActiveSession, type PendingSession } from './handshake.js';
import { buildResponse, parseRequest } from './ipmi-frame.js';
import { buildV15, buildV20, integrityHolds, parseDatagram, Payload, type Inbound } from './packets.js';

export interface RmcpTestBmc {
  port: number;
  username: string;
  password: string;
  state: BmcState;
  /** Open Session Requests received, to count a client's attempts. */
  readonly openSessionRequests: number;
  readonly activeSessions: number;
  /** The cipher suite of every session established so far, in order. */
  readonly establishedSuites: readonly number[];
  stop(): Promise<void>;
}

export interface RmcpTestBmcOptions extends Partial<Account> {
  identity?: Partial<DeviceIdentity>;
}

const DEFAULT_IDENTITY: DeviceIdentity = {
  deviceId: 0x20,
  firmwareMajor: 3,
  firmwareMinorBcd: 0x17,
  manufacturerId: 0x00a2b3,
  productId: 0x0117,
};

type V20 = Extract<Inbound, { format: 'v20' }>;

class Responder {
  readonly pending = new Map<number, PendingSession>();
  readonly active = new Map<number, ActiveSession>();
  readonly guid = randomBytes(16);
  openSessionRequests = 0;
  readonly establishedSuites: number[] = [];

  constructor(
    readonly account: Account,
    readonly state: BmcState,
  ) {}

  answer(datagram: Buffer): Buffer | undefined {
    const packet = parseDatagram(datagram);
    if (!packet) return undefined;
    if (packet.format === 'v15') return this.presession(packet.message, buildV15);
    if (packet.type === Payload.ipmi && packet.sessionId === 0)
      return this.presession(packet.payload, (m) => buildV20(Payload.ipmi, 0, 0, m));
    if (packet.type === Payload.openSessionRequest) return this.open(packet.payload);
    if (packet.type === Payload.rakp1 || packet.type === Payload.rakp3) return this.rakp(packet);
    if (packet.type === Payload.ipmi) return this.inSession(packet);
    return undefined;
  }

  private presession(message: Buffer, frame: (m: Buffer) => Buffer): Buffer | undefined {
    const req = parseRequest(message);
    if (!req) return undefined;
    const answer = channelAuthCapabilities(req);
    return frame(buildResponse(req, answer.code, answer.data));
  }

  private open(payload: Buffer): Buffer {
    this.openSessionRequests++;
    const { response, session } = openSession(payload);
    if (session) this.pending.set(session.bmcSessionId, session);
    return buildV20(Payload.openSessionResponse, 0, 0, response);
  }

  private rakp(packet: V20): Buffer | undefined {
    const p = packet.payload;
    if (p.length < 8) return undefined;
    const session = this.pending.get(p.readUInt32LE(4));
    if (!session) return undefined;
    if (packet.type === Payload.rakp1) return buildV20(Payload.rakp2, 0, 0, rakp1(p, session, this.account, this.guid));
    const { response, active } = rakp3(p, session, this.account, this.guid);
    this.pending.delete(session.bmcSessionId);
    if (active) {
      this.active.set(session.bmcSessionId, active);
      this.establishedSuites.push(active.suite.id);
    }
    return response && buildV20(Payload.rakp4, 0, 0, response);
  }

  private inSession(packet: V20): Buffer | undefined {
    const session = this.active.get(packet.sessionId);
    // Unsigned or unencrypted packets inside a session are dropped, as suites 3 and 17 demand both.
    if (!session || !packet.authenticated || !packet.encrypted || !integrityHolds(packet, session.suite, session.k1)) return undefined;
    const message = decryptPayload(session.k2, packet.payload);
    const req = message && parseRequest(message);
    if (!req) return undefined;
    const answer = sessionCommand(this.state, req, session);
    const response = buildResponse(req, answer.code, answer.data);
    session.sequence = (session.sequence + 1) >>> 0 || 1;
    const out = buildV20(Payload.ipmi, session.consoleSessionId, session.sequence, encryptPayload(session.k2, response), {
      encrypted: true,
      signing: { suite: session.suite, k1: session.k1 },
    });
    if (answer.closeSession !== undefined) this.active.delete(answer.closeSession);
    return out;
  }
}

export async function startRmcpTestBmc(opts: RmcpTestBmcOptions = {}): Promise<RmcpTestBmc> {
  const account = { username: opts.username ?? 'admin', password: opts.password ?? 'suite17-secret' };
  const responder = new Responder(account, newBmcState({ ...DEFAULT_IDENTITY, ...opts.identity }));
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, from) => {
    const reply = responder.answer(msg);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: socket.address().port,
    ...account,
    state: responder.state,
    get openSessionRequests() {
      return responder.openSessionRequests;
    },
    get activeSessions() {
      return responder.active.size;
    },
    establishedSuites: responder.establishedSuites,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

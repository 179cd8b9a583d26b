// An active RMCP+ session: every request is encrypted (AES-CBC-128 with K2, a fresh IV each time)
// and signed (HMAC with K1), every answer is checked for session ID, AuthCode and sequence number
// before it is decrypted. Anything that fails a check is dropped and counted, never believed: a
// lying BMC or a stray datagram ends as a timeout, not as a wrong answer.
import { createHmac } from 'node:crypto';
import type { Logger } from '../log.js';
import { CIPHER_SUITES, type CipherSuite, type CipherSuiteId } from './cipher-suites.js';
import { AesCbc128 } from './confidentiality.js';
import { exchange, type ExchangeOptions } from './exchange.js';
import { answers, decodeResponse, encodeRequest, type IpmiRequest, type IpmiResponse } from './ipmi-message.js';
import { decodePacket, encodeV2, PayloadType, type IntegrityKey } from './rmcp-packet.js';
import { sameBytes } from './rakp.js';
import { SequenceWindow } from './sequence-window.js';
import type { Remote, UdpTransport } from './transport.js';

export interface SessionKeys {
  consoleSessionId: number;
  bmcSessionId: number;
  k1: Buffer;
  k2: Buffer;
}

export interface RequestOptions extends ExchangeOptions {
  log: Logger;
}

class HmacIntegrity implements IntegrityKey {
  readonly length: number;
  constructor(
    private readonly suite: CipherSuite,
    private readonly k1: Buffer,
  ) {
    this.length = suite.icvLength;
  }
  sign(data: Buffer): Buffer {
    return createHmac(this.suite.hash, this.k1).update(data).digest().subarray(0, this.length);
  }
}

export class Session {
  readonly suite: CipherSuite;
  readonly consoleSessionId: number;
  readonly bmcSessionId: number;
  /** Last time the BMC answered in this session (keep-alive is due from here). */
  lastAnswer = Date.now();
  /** Datagrams dropped by the checks, for debugging a misbehaving BMC. */
  dropped = 0;
  private readonly integrity: HmacIntegrity;
  private readonly aes: AesCbc128;
  private readonly window = new SequenceWindow();
  private outbound = 0;
  private rqSeq = 0;

  constructor(
    private readonly transport: UdpTransport,
    readonly remote: Remote,
    suiteId: CipherSuiteId,
    keys: SessionKeys,
  ) {
    this.suite = CIPHER_SUITES[suiteId];
    this.consoleSessionId = keys.consoleSessionId;
    this.bmcSessionId = keys.bmcSessionId;
    this.integrity = new HmacIntegrity(this.suite, keys.k1);
    this.aes = new AesCbc128(keys.k2);
  }

  /** Sends `req` in the session; the answer's completion code is the caller's to judge. */
  async request(req: IpmiRequest, opts: RequestOptions): Promise<IpmiResponse> {
    this.rqSeq = (this.rqSeq + 1) & 0x3f;
    const rqSeq = this.rqSeq;
    const message = encodeRequest(req, rqSeq);
    const res = await exchange(
      this.transport,
      this.remote,
      () => {
        this.outbound = (this.outbound + 1) >>> 0 || 1;
        const payload = this.aes.encrypt(message);
        return encodeV2(
          { payloadType: PayloadType.ipmi, encrypted: true, sessionId: this.bmcSessionId, sequence: this.outbound, payload },
          this.integrity,
        );
      },
      (datagram) => this.unwrap(datagram, req, rqSeq, opts.log),
      opts,
    );
    this.lastAnswer = Date.now();
    return res;
  }

  private unwrap(datagram: Buffer, req: IpmiRequest, rqSeq: number, log: Logger): IpmiResponse | undefined {
    const drop = (reason: string): undefined => {
      this.dropped++;
      log.debug({ bmc: this.remote.key, reason, dropped: this.dropped }, 'IPMI datagram dropped');
      return undefined;
    };
    const decoded = decodePacket(datagram, this.suite.icvLength);
    if (!decoded || decoded.version !== 2) return drop('not an RMCP+ packet');
    const p = decoded.packet;
    if (p.sessionId !== this.consoleSessionId) return drop('another session ID');
    if (!p.authenticated || !p.signed || !p.authCode) return drop('not authenticated');
    if (!sameBytes(this.integrity.sign(p.signed), p.authCode)) return drop('AuthCode mismatch');
    if (!this.window.accept(p.sequence)) return drop('sequence number outside the window or repeated');
    if (p.payloadType !== PayloadType.ipmi) return drop('not an IPMI message');
    const message = p.encrypted ? this.aes.decrypt(p.payload) : p.payload;
    if (!message) return drop('undecryptable payload');
    const res = decodeResponse(message);
    if (!res) return drop('bad message checksum');
    if (!answers(res, req, rqSeq)) return drop('answer to another request');
    return res;
  }
}

// A lying BMC: answers with a forged AuthCode, a replayed sequence number, garbage and answers to
// other requests before (or instead of) the real answer. ipmi_sim cannot be made to lie, so the
// BMC here is a UDP socket in the test that holds the session keys; the client side is the real
// Session on the real shared transport.
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import { AesCbc128 } from '../../../core/ipmi/confidentiality.js';
import { NoAnswer } from '../../../core/ipmi/errors.js';
import { checksum } from '../../../core/ipmi/ipmi-message.js';
import { decodePacket, encodeV2, PayloadType, type IntegrityKey } from '../../../core/ipmi/rmcp-packet.js';
import { Session } from '../../../core/ipmi/session.js';
import { UdpTransport } from '../../../core/ipmi/transport.js';
import { testLogger } from '../../helpers/test-logger.js';

const k1 = Buffer.alloc(20, 1);
const k2 = Buffer.alloc(20, 2);
const CONSOLE_ID = 0x1111;
const BMC_ID = 0x2222;
const integrity: IntegrityKey = { length: 12, sign: (d) => createHmac('sha1', k1).update(d).digest().subarray(0, 12) };
const forged: IntegrityKey = { length: 12, sign: () => Buffer.alloc(12, 0xee) };
const aes = new AesCbc128(k2);

/** The BMC's answer to a request message (`req` decrypted), with completion code 0 and `data`. */
function answerTo(req: Buffer, data: number[], rqSeqDelta = 0): Buffer {
  const msg = Buffer.from([0x81, ((req[1]! >> 2) | 1) << 2, 0, 0x20, (((req[4]! >> 2) + rqSeqDelta) & 0x3f) << 2, req[5]!, 0, ...data, 0]);
  msg[2] = checksum(msg, 0, 2);
  msg[msg.length - 1] = checksum(msg, 3, msg.length - 1);
  return msg;
}

const packet = (seq: number, msg: Buffer, key = integrity, sessionId = CONSOLE_ID) =>
  encodeV2({ payloadType: PayloadType.ipmi, encrypted: true, sessionId, sequence: seq, payload: aes.encrypt(msg) }, key);

describe('session: answers that must not be believed', () => {
  let bmc: dgram.Socket;
  let transport: UdpTransport;
  let session: Session;
  let respond: (req: Buffer, reply: (b: Buffer) => void) => void = () => undefined;

  before(async () => {
    bmc = dgram.createSocket('udp4');
    bmc.on('message', (msg, from) => {
      const d = decodePacket(msg, 12);
      if (d?.version !== 2) return;
      expect(d.packet.sessionId).to.equal(BMC_ID);
      expect(integrity.sign(d.packet.signed!).equals(d.packet.authCode!)).to.equal(true);
      respond(aes.decrypt(d.packet.payload)!, (b) => bmc.send(b, from.port, from.address));
    });
    await new Promise<void>((r) => bmc.bind(0, '127.0.0.1', r));
    transport = new UdpTransport();
    const remote = await transport.resolve('127.0.0.1', bmc.address().port);
    session = new Session(transport, remote, 3, { consoleSessionId: CONSOLE_ID, bmcSessionId: BMC_ID, k1, k2 });
  });
  after(() => {
    transport.close();
    bmc.close();
  });

  const opts = (ms = 2000) => ({ log: testLogger(), retransmitMs: 1000, deadline: Date.now() + ms });

  it('drops forged, foreign, replayed, garbage and mismatched answers, and takes the real one', async () => {
    let seq = 10;
    respond = (req, reply) => {
      reply(packet(seq + 1, answerTo(req, [0x01]), forged)); // forged AuthCode
      reply(packet(seq + 1, answerTo(req, [0x01]), integrity, 0x9999)); // another session
      reply(Buffer.from('garbage garbage garbage'));
      reply(packet(seq + 1, answerTo(req, [0x01], 1))); // answer to another request
      reply(packet(seq + 1, answerTo(req, [0x01]))); // right answer, but a sequence number already seen
      reply(packet(seq + 2, answerTo(req, [0x00])));
      seq += 2;
    };
    const first = await session.request({ netfn: 0, command: 1, data: [] }, opts());
    expect(first.data[0]).to.equal(0x00); // only the last answer was believed
    expect(session.dropped).to.equal(5);
  });

  it('times out (NoAnswer) when only lies come back', async () => {
    respond = (req, reply) => reply(packet(1000, answerTo(req, [1]), forged));
    const started = Date.now();
    const err = await session.request({ netfn: 0, command: 1, data: [] }, opts(300)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NoAnswer);
    expect(Date.now() - started).to.be.below(1000);
  });
});

// IPMI message and RMCP/RMCP+ framing: checksums, netfn/LUN and sequence packing, the integrity
// pad, and decoders that refuse what is cut short or malformed.
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { answers, checksum, decodeResponse, encodeRequest } from '../../../core/ipmi/ipmi-message.js';
import { decodePacket, encodeV15Presession, encodeV2, PayloadType, type IntegrityKey } from '../../../core/ipmi/rmcp-packet.js';

const hex = (b: Buffer) => b.toString('hex');

describe('IPMI messages', () => {
  it('encodes Get Channel Authentication Capabilities as ipmitool does (IPMI 2.0 §13.8)', () => {
    // rsAddr 0x20, netfn app (6) << 2 = 0x18, checksum 0xc8; rqAddr 0x81, rqSeq 5 << 2, cmd 0x38, data, checksum
    const msg = encodeRequest({ netfn: 0x06, command: 0x38, data: [0x8e, 0x04] }, 5);
    expect(hex(msg)).to.equal('2018c88114388e04' + (-(0x81 + 0x14 + 0x38 + 0x8e + 0x04) & 0xff).toString(16).padStart(2, '0'));
    expect(checksum(msg, 0, 3)).to.equal(0);
    expect(checksum(msg, 3, msg.length)).to.equal(0);
  });

  it('decodes a response and matches it to its request by netfn, command and sequence', () => {
    const res = Buffer.from([0x81, 0x1c, 0x63, 0x20, 5 << 2, 0x01, 0x00, 0x42, 0x00]);
    res[8] = checksum(res, 3, 8);
    const decoded = decodeResponse(res)!;
    expect(decoded).to.include({ netfn: 0x07, rqSeq: 5, command: 0x01, completionCode: 0 });
    expect([...decoded.data]).to.deep.equal([0x42]);
    expect(answers(decoded, { netfn: 0x06, command: 0x01, data: [] }, 5)).to.equal(true);
    expect(answers(decoded, { netfn: 0x06, command: 0x01, data: [] }, 6)).to.equal(false);
    expect(answers(decoded, { netfn: 0x00, command: 0x01, data: [] }, 5)).to.equal(false);
  });

  it('refuses a response with a bad checksum or too short', () => {
    const res = Buffer.from([0x81, 0x1c, 0x63, 0x20, 0x14, 0x01, 0x00, 0x00]);
    res[7] = checksum(res, 3, 7);
    const flip = (i: number) => res.writeUInt8(res.readUInt8(i) ^ 1, i);
    expect(decodeResponse(res)).to.not.equal(undefined);
    flip(7);
    expect(decodeResponse(res)).to.equal(undefined);
    flip(7);
    flip(2);
    expect(decodeResponse(res)).to.equal(undefined);
    expect(decodeResponse(Buffer.from([0x81, 0x1c]))).to.equal(undefined);
  });
});

describe('RMCP and RMCP+ framing', () => {
  const k1 = Buffer.alloc(20, 7);
  const sha1_96: IntegrityKey = { length: 12, sign: (d) => createHmac('sha1', k1).update(d).digest().subarray(0, 12) };

  it('an IPMI 1.5 pre-session packet: RMCP header, auth type none, zero session, length', () => {
    const p = encodeV15Presession(Buffer.from([1, 2, 3]));
    expect(hex(p)).to.equal('0600ff07' + '00' + '00000000' + '00000000' + '03' + '010203');
    const d = decodePacket(p, 0);
    expect(d?.version).to.equal(1.5);
    expect([...(d!.packet as { message: Buffer }).message]).to.deep.equal([1, 2, 3]);
  });

  it('an authenticated RMCP+ packet is padded to a multiple of 4 and signed from the auth type on', () => {
    for (let len = 0; len < 8; len++) {
      const payload = Buffer.alloc(len, 0xab);
      const p = encodeV2({ payloadType: PayloadType.ipmi, encrypted: true, sessionId: 0x01020304, sequence: 9, payload }, sha1_96);
      const signedLength = p.length - 4 - 12;
      expect(signedLength % 4, `payload ${len}`).to.equal(0);
      expect(p[5]).to.equal(0xc0);
      expect(p.readUInt32LE(6)).to.equal(0x01020304);
      expect(p.readUInt32LE(10)).to.equal(9);
      expect(p[p.length - 13]).to.equal(0x07);
      const pad = p[p.length - 14]!;
      expect([...p.subarray(16 + len, 16 + len + pad)].every((b) => b === 0xff)).to.equal(true);
      const d = decodePacket(p, 12);
      expect(d?.version).to.equal(2);
      if (d?.version !== 2) return;
      expect(d.packet).to.include({ payloadType: 0, encrypted: true, authenticated: true, sessionId: 0x01020304, sequence: 9 });
      expect(hex(d.packet.payload)).to.equal(hex(payload));
      expect(hex(d.packet.authCode!)).to.equal(hex(sha1_96.sign(d.packet.signed!)));
    }
  });

  it('an unauthenticated handshake packet carries no trailer', () => {
    const p = encodeV2({
      payloadType: PayloadType.openSessionRequest,
      encrypted: false,
      sessionId: 0,
      sequence: 0,
      payload: Buffer.alloc(32),
    });
    expect(p.length).to.equal(16 + 32);
    expect(p[5]).to.equal(0x10);
  });

  it('refuses datagrams that are not IPMI or are cut short', () => {
    const p = encodeV2({ payloadType: 0, encrypted: false, sessionId: 1, sequence: 1, payload: Buffer.alloc(10) }, sha1_96);
    expect(decodePacket(p, 12)).to.not.equal(undefined);
    expect(decodePacket(p.subarray(0, p.length - 13), 12)).to.equal(undefined);
    expect(decodePacket(p.subarray(0, 10), 12)).to.equal(undefined);
    expect(decodePacket(Buffer.from('hello world, not rmcp'), 12)).to.equal(undefined);
    // authenticated, but no integrity expected (outside a session)
    expect(decodePacket(p, 0)).to.equal(undefined);
  });
});

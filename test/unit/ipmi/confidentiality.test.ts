// AES-CBC-128 payloads: a random IV per packet and the IPMI pad (1, 2, 3 … then its length),
// checked against OpenSSL's command line decrypting our ciphertext without padding removal.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { AesCbc128 } from '../../../core/ipmi/confidentiality.js';

const k2 = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b', 'hex');

function opensslDecrypt(packet: Buffer): Buffer {
  return execFileSync(
    'openssl',
    ['enc', '-d', '-aes-128-cbc', '-nopad', '-K', k2.subarray(0, 16).toString('hex'), '-iv', packet.subarray(0, 16).toString('hex')],
    {
      input: packet.subarray(16),
    },
  );
}

describe('AES-CBC-128 confidentiality', () => {
  const aes = new AesCbc128(k2);

  it('pads with 1, 2, 3 … and the pad length, and OpenSSL decrypts it with K2', () => {
    for (const len of [0, 1, 14, 15, 16, 17, 40]) {
      const plain = Buffer.alloc(len, 0x5a);
      const packet = aes.encrypt(plain);
      expect(packet.length % 16).to.equal(0);
      const body = opensslDecrypt(packet);
      const pad = body[body.length - 1]!;
      expect(body.length, `payload ${len}`).to.equal(len + pad + 1);
      expect([...body.subarray(len, len + pad)]).to.deep.equal(Array.from({ length: pad }, (_, i) => i + 1));
      expect(aes.decrypt(packet)!.toString('hex')).to.equal(plain.toString('hex'));
    }
  });

  it('uses a fresh IV for every packet', () => {
    const a = aes.encrypt(Buffer.from('same'));
    const b = aes.encrypt(Buffer.from('same'));
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).to.equal(false);
    expect(a.equals(b)).to.equal(false);
  });

  it('refuses a payload with the wrong length or a broken pad (wrong key, garbage)', () => {
    const packet = aes.encrypt(Buffer.from('hello'));
    expect(aes.decrypt(packet.subarray(0, 20))).to.equal(undefined);
    expect(new AesCbc128(Buffer.alloc(20, 9)).decrypt(packet)).to.equal(undefined);
  });
});

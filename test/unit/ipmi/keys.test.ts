// Key derivation and RAKP check values for suites 3 and 17, against Python's hmac/hashlib
// computing the same formulas (IPMI 2.0 §13.21–§13.32) from the same inputs: two independent
// implementations must agree byte for byte.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { CIPHER_SUITES, deriveK, deriveSik, type CipherSuiteId } from '../../../core/ipmi/cipher-suites.js';
import { encodeRakp3, rakp2AuthCode, rakp4Icv } from '../../../core/ipmi/rakp.js';

const PYTHON = `
import hmac, hashlib, json, struct, sys
a = json.loads(sys.argv[1])
h = getattr(hashlib, a["hash"])
b = lambda k: bytes.fromhex(a[k])
mac = lambda key, data: hmac.new(key, data, h).digest()
user = a["user"].encode()
ident = bytes([a["role"], len(user)]) + user
kuid = b"".join([a["password"].encode()])
kg = b("kg") if a["kg"] else kuid
sik = mac(kg, b("rm") + b("rc") + ident)
# §13.32: Const 1 and Const 2 are 20 bytes long for every hash, SHA-256 included.
print(json.dumps({
  "sik": sik.hex(),
  "k1": mac(sik, b"\\x01" * 20).hex(),
  "k2": mac(sik, b"\\x02" * 20).hex(),
  "rakp2": mac(kuid, struct.pack("<II", a["sidm"], a["sidc"]) + b("rm") + b("rc") + b("guid") + ident).hex(),
  "rakp3": mac(kuid, b("rc") + struct.pack("<I", a["sidm"]) + ident).hex(),
  "rakp4": mac(sik, b("rm") + struct.pack("<I", a["sidc"]) + b("guid")).hex()[: 2 * a["icv"]],
}))
`;

const rm = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const rc = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex');
const guid = Buffer.from('a1a2a3a4a5a6a7a8a9aaabacadaeafb0', 'hex');
const sidm = 0x12345678;
const sidc = 0x9abcdef0;
const role = 0x14;
const user = 'admin';
const password = 'secret';

for (const id of [3, 17] as CipherSuiteId[]) {
  for (const kgHex of [undefined, '0102030405060708090a0b0c0d0e0f1011121314']) {
    describe(`cipher suite ${id} keys, ${kgHex ? 'with a BMC key Kg' : 'without Kg (the password is the key)'}`, () => {
      const suite = CIPHER_SUITES[id];
      const py = JSON.parse(
        execFileSync('python3', [
          '-c',
          PYTHON,
          JSON.stringify({
            hash: suite.hash,
            rm: rm.toString('hex'),
            rc: rc.toString('hex'),
            guid: guid.toString('hex'),
            kg: kgHex ?? '',
            sidm,
            sidc,
            role,
            user,
            password,
            icv: suite.icvLength,
          }),
        ]).toString(),
      ) as Record<string, string>;
      const username = Buffer.from(user);
      const kuid = Buffer.from(password);
      const kg = kgHex ? Buffer.from(kgHex, 'hex') : kuid;
      const sik = deriveSik(suite, kg, rm, rc, role, username);

      it('SIK, K1 and K2', () => {
        expect(sik.toString('hex')).to.equal(py.sik);
        expect(deriveK(suite, sik, 1).toString('hex')).to.equal(py.k1);
        expect(deriveK(suite, sik, 2).toString('hex')).to.equal(py.k2);
        expect(sik.length).to.equal(suite.hmacLength);
      });

      it('RAKP 2 key exchange code, RAKP 3 code, RAKP 4 integrity check value', () => {
        const id2 = { role, username };
        expect(rakp2AuthCode(suite, kuid, { consoleSessionId: sidm, bmcSessionId: sidc, rm, rc, guid }, id2).toString('hex')).to.equal(
          py.rakp2,
        );
        const rakp3 = encodeRakp3(7, sidc, suite, kuid, rc, sidm, id2);
        expect(rakp3[0]).to.equal(7);
        expect(rakp3.readUInt32LE(4)).to.equal(sidc);
        expect(rakp3.subarray(8).toString('hex')).to.equal(py.rakp3);
        expect(rakp4Icv(suite, sik, rm, sidc, guid).toString('hex')).to.equal(py.rakp4);
      });
    });
  }
}

describe('IPMI keys: suite 17 K1 and K2 as ipmitool derives them', () => {
  // Printed by `ipmitool -vvvv -I lanplus -C 17` (1.8.19) for one session: its SIK, then its K1
  // and K2, which hash a 20-byte constant (§13.32), not one as long as the SHA-256 digest.
  const sik = Buffer.from('819da07a7f4b6638d7a7b8dcffffd1201655d3112aa799b9e49b16fe007f832c', 'hex');

  it('derives the same K1 and K2 from the same SIK', () => {
    expect(deriveK(CIPHER_SUITES[17], sik, 1).toString('hex')).to.equal('cc442e91d35d83548114decd92961acd2d422e3a21f376557c31bc84756ff8f1');
    expect(deriveK(CIPHER_SUITES[17], sik, 2).toString('hex')).to.equal('b6f269b552281314454a5024f6cac72a82f4e1c4a0da86f147ad1c310c587004');
  });
});

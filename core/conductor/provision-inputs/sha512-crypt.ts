// SHA-512 crypt ("$6$"), as glibc's crypt(3) and /etc/shadow use it, after Ulrich Drepper's
// published specification (https://www.akkadia.org/drepper/SHA-crypt.txt). The conductor hashes
// a rescue password with it as soon as it is given, so the clear text is never stored; the
// rescue ramdisk writes the hash into its /etc/shadow.
import { createHash, randomBytes } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DEFAULT_ROUNDS = 5000;

const sha512 = (...parts: Buffer[]) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `source` repeated (and cut) to `length` bytes. */
function stretch(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

// The byte order of the final base-64 encoding, three bytes at a time (the specification's table).
const ORDER: readonly (readonly [number, number, number])[] = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

function encode(digest: Buffer): string {
  let out = '';
  const put = (w: number, n: number) => {
    for (let i = 0; i < n; i++) {
      out += ITOA64[w & 0x3f];
      w >>>= 6;
    }
  };
  for (const [a, b, c] of ORDER) put((digest[a]! << 16) | (digest[b]! << 8) | digest[c]!, 4);
  put(digest[63]!, 2);
  return out;
}

/** crypt(password, "$6$[rounds=N$]salt"). A random 16-character salt when none is given. */
export function sha512Crypt(password: string, salt?: string, rounds = DEFAULT_ROUNDS): string {
  const s = Buffer.from((salt ?? randomSalt()).slice(0, 16), 'utf8');
  const p = Buffer.from(password, 'utf8');
  const r = Math.min(999_999_999, Math.max(1000, rounds));

  const b = sha512(p, s, p);
  const a = createHash('sha512').update(p).update(s);
  let n = p.length;
  for (; n > 64; n -= 64) a.update(b);
  a.update(b.subarray(0, n));
  for (n = p.length; n > 0; n >>= 1) a.update(n & 1 ? b : p);
  let digest = a.digest();

  const pBytes = stretch(sha512(...Array<Buffer>(p.length).fill(p)), p.length);
  const sBytes = stretch(sha512(...Array<Buffer>(16 + digest[0]!).fill(s)), s.length);
  for (let i = 0; i < r; i++) {
    const c = createHash('sha512');
    c.update(i & 1 ? pBytes : digest);
    if (i % 3) c.update(sBytes);
    if (i % 7) c.update(pBytes);
    c.update(i & 1 ? digest : pBytes);
    digest = c.digest();
  }
  const prefix = r === DEFAULT_ROUNDS && rounds === DEFAULT_ROUNDS ? '$6$' : `$6$rounds=${r}$`;
  return `${prefix}${s.toString('utf8')}$${encode(digest)}`;
}

function randomSalt(): string {
  return [...randomBytes(16)].map((x) => ITOA64[x & 0x3f]).join('');
}

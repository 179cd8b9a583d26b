// dnsmasq's lease file: one lease a line, `<expiry> <mac> <ip> <hostname> <client-id>`.
// Tyr reads it to learn which MAC a TFTP client's address belongs to.
import fs from 'node:fs/promises';

export interface Lease {
  expiry: number;
  mac: string;
  ip: string;
  hostname: string;
}

export function parseLeases(text: string): Lease[] {
  const out: Lease[] = [];
  for (const line of text.split('\n')) {
    const [expiry, mac, ip, hostname] = line.trim().split(/\s+/);
    if (!ip || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac ?? '')) continue;
    out.push({ expiry: Number(expiry), mac: mac!.toLowerCase(), ip, hostname: hostname ?? '*' });
  }
  return out;
}

export async function readLeases(file: string): Promise<Lease[]> {
  return parseLeases(await fs.readFile(file, 'utf8').catch(() => ''));
}

/** The MAC holding `ip`, waiting briefly: dnsmasq writes the file just after it sends the ACK. */
export async function macForIp(file: string, ip: string, waitMs = 2000): Promise<string | undefined> {
  const plain = ip.replace(/^::ffff:/, '');
  const until = Date.now() + waitMs;
  for (;;) {
    const lease = (await readLeases(file)).find((l) => l.ip === plain);
    if (lease) return lease.mac;
    if (Date.now() >= until) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

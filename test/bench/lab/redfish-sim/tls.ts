// The sims' self-signed certificate (CN and SAN 127.0.0.1), made by the openssl CLI. One
// certificate serves every sim that shares a certificate directory (by default a per-user 0700
// directory under the temp dir; the lab keeps its own in the lab dir): the bench starts 1,000
// sims, and an openssl run each would dominate. It is made synchronously, so concurrent sims in
// one process never race; another process making it at the same time writes a sibling directory
// and renames it into place, so readers see whole files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from '../tools.js';

export interface SimCert {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export function defaultCertDir(): string {
  return path.join(os.tmpdir(), `tyr-redfish-sim-cert-${os.userInfo().uid}`);
}

function makeCert(dir: string): void {
  const openssl = requireTool('openssl', 'openssl');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dir), '.tyr-redfish-sim-cert-new-'));
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=127.0.0.1/O=Tyr lab Redfish BMC',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyCertSign',
      '-addext',
      'extendedKeyUsage=serverAuth',
      '-keyout',
      path.join(work, 'key.pem'),
      '-out',
      path.join(work, 'cert.pem'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  fs.chmodSync(work, 0o700);
  try {
    fs.renameSync(work, dir);
  } catch {
    // Another process got there first; its certificate is as good.
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function simCert(dir = defaultCertDir()): SimCert {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) makeCert(dir);
  return { certFile, keyFile, cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
}

// IPA's automatic TLS: at start-up the agent makes a key pair and a self-signed certificate for
// the address it advertises, serves its command API over HTTPS with them, and sends the
// certificate in every heartbeat (agent_verify_ca). The conductor pins the certificate of the
// boot's first heartbeat and trusts nothing else, so nobody on the provisioning network can read
// the token or the secrets in the conductor's commands, nor pose as the agent.
// The key is made by node's crypto (native, fast); node-forge only writes the X.509 certificate,
// which node cannot. Both are kept in the state directory (tmpfs, root only) so an agent restarted
// within the same boot serves the certificate its boot pinned; a new boot makes a new one.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import forge from 'node-forge';
import { stateDir } from '../token-store.js';

export interface TlsCredentials {
  key: string;
  cert: string;
}

const VALID_DAYS = 30;

/** A fresh RSA key and a certificate for `host` (an IP address or a name), signed by itself. */
export function selfSignedCertificate(host: string): TlsCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive 64-bit serial (the leading byte's high bit clear).
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + VALID_DAYS * 86_400_000);
  const name = [{ name: 'commonName', value: host }];
  cert.setSubject(name);
  cert.setIssuer(name);
  const altName = isIP(host) ? { type: 7, ip: host } : { type: 2, value: host };
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [altName] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}

/** This boot's credentials: the saved ones if the agent already ran in this boot, else new ones. */
export function bootCredentials(host: string): TlsCredentials {
  const dir = stateDir();
  const keyFile = path.join(dir, 'tls-key.pem');
  const certFile = path.join(dir, 'tls-cert.pem');
  try {
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } catch {
    const made = selfSignedCertificate(host);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(keyFile, made.key, { mode: 0o600 });
    fs.writeFileSync(certFile, made.cert, { mode: 0o644 });
    return made;
  }
}

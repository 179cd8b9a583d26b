// The demo's two users: an admin who may act and a reader who may only look (api.reader_users).
// Fresh random passwords each run, kept only as bcrypt hashes in an htpasswd file (mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';

export interface DemoUser {
  username: string;
  password: string;
}

export interface DemoCredentials {
  admin: DemoUser;
  reader: DemoUser;
  htpasswdFile: string;
}

const newPassword = () => crypto.randomBytes(12).toString('base64url');

export function writeDemoCredentials(htpasswdFile: string): DemoCredentials {
  const admin = { username: 'admin', password: newPassword() };
  const reader = { username: 'reader', password: newPassword() };
  // Cost 10: each log-in is checked once and then cached by the API (core/api/auth.ts).
  const lines = [admin, reader].map((u) => `${u.username}:${bcrypt.hashSync(u.password, 10)}\n`);
  fs.writeFileSync(htpasswdFile, lines.join(''), { mode: 0o600 });
  return { admin, reader, htpasswdFile };
}

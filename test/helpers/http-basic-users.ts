// The [api] settings of a Tyr that authenticates with http_basic: an htpasswd file (bcrypt, at
// the lowest cost tests can afford) with one admin and one reader, written into `dir`.
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';

export interface TestUser {
  user: string;
  password: string;
}

export function httpBasicSettings(
  dir: string,
  users: { admin: TestUser; reader: TestUser },
): { auth_strategy: 'http_basic'; htpasswd_file: string; reader_users: string } {
  const htpasswd = path.join(dir, 'htpasswd');
  const line = (u: TestUser) => `${u.user}:${bcrypt.hashSync(u.password, 4)}\n`;
  fs.writeFileSync(htpasswd, line(users.admin) + line(users.reader));
  return { auth_strategy: 'http_basic', htpasswd_file: htpasswd, reader_users: users.reader.user };
}

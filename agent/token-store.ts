// The core hands a boot's token out only once. If the agent restarts within the same boot
// (a crash, a manual restart on the console), it finds the token here, in tmpfs, readable by
// root only; a new boot starts with an empty /run.
import fs from 'node:fs';
import path from 'node:path';

/** Where this boot's secrets are kept (tmpfs): the token, and the TLS key (server/tls.ts). */
export function stateDir(): string {
  return process.env.TYR_AGENT_STATE_DIR ?? '/run/tyr-agent';
}

function file(nodeUuid: string): string {
  return path.join(stateDir(), `token-${nodeUuid}`);
}

export function saveToken(nodeUuid: string, token: string): void {
  fs.mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file(nodeUuid), token, { mode: 0o600 });
}

export function loadToken(nodeUuid: string): string | null {
  try {
    return fs.readFileSync(file(nodeUuid), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

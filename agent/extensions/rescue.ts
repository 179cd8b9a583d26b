// rescue.finalize_rescue: give the `rescue` user the password the conductor hashed (SHA-512
// crypt), leave the marker /run/tyr-rescue, reply, then exit. The ramdisk's init sees the marker
// and offers a login on the serial console instead of restarting the agent.
// TEST-ONLY overrides: TYR_AGENT_PASSWD_FILE, TYR_AGENT_SHADOW_FILE, TYR_AGENT_GROUP_FILE,
// TYR_AGENT_RESCUE_MARKER, and TYR_AGENT_RESCUE_NO_EXIT=1 (stay up after replying).
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';
import { log } from '../log.js';
import { InvalidParamsError, type Extension, type Params } from '../server/commands.js';

const USER = 'rescue';
const UID = 1000;
const SHA512_CRYPT = /^\$6\$(rounds=\d+\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;

const paths = () => ({
  passwd: process.env.TYR_AGENT_PASSWD_FILE ?? '/etc/passwd',
  shadow: process.env.TYR_AGENT_SHADOW_FILE ?? '/etc/shadow',
  group: process.env.TYR_AGENT_GROUP_FILE ?? '/etc/group',
  marker: process.env.TYR_AGENT_RESCUE_MARKER ?? '/run/tyr-rescue',
});

/** `file`'s lines without any `rescue:` entry, plus `entry`. */
function replaceEntry(file: string, entry: string, mode: number): void {
  const lines = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith(`${USER}:`))
    : [];
  lines.push(entry);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside, then renamed: a crash never leaves a half-written /etc/passwd.
  fs.writeFileSync(`${file}.tyr-new`, `${lines.join('\n')}\n`, { mode });
  fs.renameSync(`${file}.tyr-new`, file);
}

async function passwordHash(params: Params): Promise<string> {
  const password = params.rescue_password;
  if (typeof password !== 'string' || password === '') throw new InvalidParamsError('params.rescue_password must be a non-empty string');
  if (params.hashed === false) {
    // A clear password (IPA's older conductors): hash it here, never write it as is.
    return (await run('openssl', ['passwd', '-6', password])).stdout.trim();
  }
  if (!SHA512_CRYPT.test(password))
    throw new InvalidParamsError('params.rescue_password must be a SHA-512 crypt hash ($6$salt$hash) when hashed is true');
  return password;
}

export function writeRescueUser(hash: string): void {
  const p = paths();
  const days = Math.floor(Date.now() / 86_400_000);
  replaceEntry(p.passwd, `${USER}:x:${UID}:${UID}:Tyr rescue user:/home/${USER}:/bin/sh`, 0o644);
  replaceEntry(p.group, `${USER}:x:${UID}:`, 0o644);
  replaceEntry(p.shadow, `${USER}:${hash}:${days}:0:99999:7:::`, 0o600);
  const home = p.passwd === '/etc/passwd' ? `/home/${USER}` : null; // not in tests
  if (home) {
    fs.mkdirSync(home, { recursive: true });
    fs.chownSync(home, UID, UID);
  }
  fs.mkdirSync(path.dirname(p.marker), { recursive: true });
  fs.writeFileSync(p.marker, `${new Date().toISOString()}\n`);
}

export function rescueExtension(stop: () => void): Extension {
  return {
    name: 'rescue',
    commands: {
      finalize_rescue: {
        validate(params) {
          if (typeof params.rescue_password !== 'string' || params.rescue_password === '') {
            throw new InvalidParamsError('params.rescue_password must be a non-empty string (a SHA-512 crypt hash, with "hashed": true)');
          }
          if (params.hashed !== false && !SHA512_CRYPT.test(params.rescue_password)) {
            throw new InvalidParamsError('params.rescue_password must be a SHA-512 crypt hash ($6$salt$hash) when hashed is true');
          }
        },
        async run(params) {
          writeRescueUser(await passwordHash(params));
          log.info(`rescue: user ${USER} has its password; the agent stops so the init can offer a console login`);
          return {
            result: { result: 'rescue finalized' },
            afterReply: () => {
              if (process.env.TYR_AGENT_RESCUE_NO_EXIT !== '1') stop();
            },
          };
        },
      },
    },
  };
}

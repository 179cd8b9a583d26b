// A dnsmasq left behind by a Tyr that was killed hard still holds the DHCP port, and the next
// start would fail. Its PID is recorded in a file next to its config; at start-up that PID is
// stopped, but only if /proc shows it is a dnsmasq running this very config file.
import fs from 'node:fs/promises';
import type { Logger } from '../../log.js';

async function cmdline(pid: number): Promise<string[]> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').filter(Boolean);
}

/** Still running: /proc has it and it is not a zombie (cmdline empties before the state says Z). */
async function running(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

export async function recordPid(pidFile: string, pid: number | undefined): Promise<void> {
  if (pid) await fs.writeFile(pidFile, `${pid}\n`);
  else await fs.rm(pidFile, { force: true });
}

/** Stops the dnsmasq recorded in `pidFile` if it still runs `confFile`; returns its PID if it did. */
export async function stopLeftover(pidFile: string, confFile: string, log: Logger): Promise<number | undefined> {
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
  await fs.rm(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  const args = await cmdline(pid);
  if (!args.some((a) => a.endsWith('dnsmasq')) || !args.includes(`--conf-file=${confFile}`)) return undefined;
  log.warn({ pid, conf: confFile }, 'stopping a dnsmasq left behind by an earlier Tyr');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && (await running(pid)); i++) await new Promise((r) => setTimeout(r, 100));
  if (await running(pid)) process.kill(pid, 'SIGKILL');
  return pid;
}

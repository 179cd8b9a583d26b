// log.collect_system_logs: a base64 tar.gz of what tells why a deploy went wrong — the kernel
// log, the agent's own log, the kernel command line, and the journal when there is one.
import fs from 'node:fs';
import { cmdlinePath } from '../cmdline.js';
import { run } from '../exec.js';
import { LOG_FILE } from '../log.js';
import type { Extension } from '../server/commands.js';
import { tarGz, type TarEntry } from '../tar.js';

async function commandOutput(cmd: string, args: string[]): Promise<string> {
  try {
    return (await run(cmd, args, 30_000)).stdout;
  } catch (err) {
    // Keep the failure in the archive: "dmesg: permission denied" is itself a useful fact.
    return `${(err as Error).message}\n`;
  }
}

function fileOr(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (err) {
    return `cannot read ${path}: ${(err as Error).message}\n`;
  }
}

export async function systemLogEntries(): Promise<TarEntry[]> {
  const entries: TarEntry[] = [
    { name: 'dmesg.txt', data: await commandOutput('dmesg', []) },
    { name: 'tyr-agent.log', data: fileOr(LOG_FILE) },
    { name: 'cmdline.txt', data: fileOr(cmdlinePath()) },
  ];
  if (fs.existsSync('/run/systemd/journal') || fs.existsSync('/var/log/journal')) {
    entries.push({ name: 'journal.txt', data: await commandOutput('journalctl', ['--no-pager', '-b']) });
  }
  return entries;
}

export const logExtension: Extension = {
  name: 'log',
  commands: {
    collect_system_logs: {
      readOnly: true,
      async run() {
        return { result: { system_logs: tarGz(await systemLogEntries()).toString('base64') } };
      },
    },
  },
};

// The agent's log: every line goes to stdout (the ramdisk's init shows it on the serial console)
// and is appended to a file that log.collect_system_logs ships back to the conductor.
import fs from 'node:fs';
import path from 'node:path';

export const LOG_FILE = process.env.TYR_AGENT_LOG_FILE ?? '/var/log/tyr-agent.log';

let fileBroken = false;

function write(level: string, message: string): void {
  const line = `${new Date().toISOString()} tyr-agent ${level} ${message}\n`;
  process.stdout.write(line);
  if (fileBroken) return;
  try {
    fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
    fs.appendFileSync(LOG_FILE, line);
  } catch (err) {
    // A read-only or missing /var must not stop the agent: the console still has the log.
    fileBroken = true;
    process.stdout.write(`tyr-agent WARN cannot write ${LOG_FILE}: ${(err as Error).message}\n`);
  }
}

export const log = {
  info: (message: string): void => write('INFO', message),
  warn: (message: string): void => write('WARN', message),
  error: (message: string): void => write('ERROR', message),
};

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

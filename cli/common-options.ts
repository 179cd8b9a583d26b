// Options every API command shares: where the API is and who we are (flags, else TYR_URL,
// TYR_USERNAME, TYR_PASSWORD), how to print the result, and the error wrapper that turns any
// failure into one `tyr: …` line and exit code 1.
import type { Command } from 'commander';
import { TyrClient } from '../client/client.js';
import { errorLine, type Subject } from './errors.js';
import { outputOptions, type OutputOptions } from './output.js';
import { secretOption } from './secret-args.js';

export const DEFAULT_URL = 'http://127.0.0.1:6385';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds the connection flags to a command group (`tyr node`, `tyr port`). */
export function addConnectionOptions(cmd: Command): Command {
  return (
    cmd
      .option('--url <url>', `Tyr API URL [env TYR_URL, default ${DEFAULT_URL}]`)
      .option('--username <name>', 'user for HTTP Basic authentication [env TYR_USERNAME]')
      // The help shows only where the password comes from; the value is never printed.
      .option(
        '--password [password]',
        'password for HTTP Basic authentication: @FILE to read it, or no value to be asked [env TYR_PASSWORD]',
      )
      .option('--api-version <version>', 'X-OpenStack-Ironic-API-Version to send', 'latest')
      .hook('preAction', async (group) => {
        const given = group.getOptionValue('password') as string | true | undefined;
        if (given !== undefined) group.setOptionValue('password', await secretOption(given, { what: '--password', env: 'TYR_PASSWORD' }));
      })
  );
}

export function clientFor(cmd: Command, env: NodeJS.ProcessEnv = process.env): TyrClient {
  const o = cmd.optsWithGlobals<{ url?: string; username?: string; password?: string; apiVersion?: string }>();
  const username = o.username ?? env.TYR_USERNAME;
  return new TyrClient({
    url: o.url ?? env.TYR_URL ?? DEFAULT_URL,
    username: username || undefined,
    password: o.password ?? env.TYR_PASSWORD,
    apiVersion: o.apiVersion ?? 'latest',
  });
}

/** Adds -f/--format, -c/--column and --json. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', 'output format: table, json or value', 'table')
    .option('-c, --column <name>', 'show only this column (repeatable)', collect)
    .option('--json', 'same as -f json');
}

export function outputOf(cmd: Command): OutputOptions {
  return outputOptions(cmd.opts());
}

export function print(text: string): void {
  if (text) process.stdout.write(`${text}\n`);
}

/**
 * Wraps a command action: any error prints one line and sets exit code 1. `subject` names the
 * node or port the command is about (its first argument), for messages that do not.
 */
export function action<A extends unknown[]>(kind: Subject['kind'] | undefined, fn: (cmd: Command, ...args: A) => Promise<void>) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, cmd.registeredArguments.length) as A;
    const first = args[0];
    const ident = Array.isArray(first)
      ? first.length === 1
        ? String(first[0])
        : undefined
      : typeof first === 'string'
        ? first
        : undefined;
    try {
      await fn(cmd, ...args);
    } catch (err) {
      process.stderr.write(`${errorLine(err, kind && ident ? { kind, ident } : undefined)}\n`);
      process.exitCode = 1;
    }
  };
}

// Secrets on the command line are visible to every user of the host (ps, /proc/<pid>/cmdline).
// So every secret option also takes its value from a file (`--password @/path`,
// `--driver-info ipmi_password=@/path`), from the environment, or from a prompt when stdin is a
// terminal (the option without a value). A literal still works, with a warning on stderr.
import fs from 'node:fs';
import { isSecretKey } from '../core/mask.js';
import { CliError } from './errors.js';
import { canPrompt, promptSecret } from './secret-prompt.js';

export interface SecretOption {
  /** The option as a person typed it: "--password", "--driver-info ipmi_password". */
  what: string;
  /** The environment variable that may hold the secret instead. */
  env: string;
}

function warnLiteral(opt: SecretOption, canAsk = true): void {
  const file = opt.what.includes(' ') ? `${opt.what}=@FILE` : `${opt.what} @FILE`;
  const prompt = canAsk ? `, or be asked (${opt.what} without a value)` : '';
  process.stderr.write(
    `tyr: warning: the secret given to ${opt.what} on the command line is visible to every user of this host (ps); ` +
      `use ${file} or the environment variable ${opt.env}${prompt}\n`,
  );
}

/** The content of the file an `@path` value names, without its final line break. */
export function readSecretFile(ref: string, what: string): string {
  try {
    return fs.readFileSync(ref.slice(1), 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new CliError(`cannot read ${what} from ${ref.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * The secret of an option given as `@file` (read), a literal (warned about), or without a
 * value (`true`: the environment, else a prompt on a terminal).
 */
export async function secretOption(value: string | true, opt: SecretOption, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (value === true) {
    if (env[opt.env] !== undefined) return env[opt.env]!;
    if (!canPrompt()) throw new CliError(`${opt.what} has no value and stdin is not a terminal to ask on; set ${opt.env} or pass @FILE`);
    return promptSecret(opt.what);
  }
  if (value.startsWith('@')) return readSecretFile(value, opt.what);
  warnLiteral(opt);
  return value;
}

/**
 * `key=value` arguments of a dictionary option (`--driver-info`) with the secret ones resolved:
 * `ipmi_password=@file`, `ipmi_password` alone (environment TYR_DRIVER_INFO_IPMI_PASSWORD, else a
 * prompt), or a literal (warned about). A resolved secret is passed on JSON-quoted, so it stays a
 * string however it looks ("1234").
 */
export async function secretKeyValues(
  args: string[] | undefined,
  option: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[] | undefined> {
  if (!args) return args;
  const out: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg : arg.slice(0, eq);
    if (!isSecretKey(key)) {
      out.push(arg);
      continue;
    }
    const opt = { what: `--${option} ${key}`, env: `TYR_${option}_${key}`.toUpperCase().replace(/-/g, '_') };
    const secret = await secretOption(eq < 0 ? true : arg.slice(eq + 1), opt, env);
    out.push(`${key}=${JSON.stringify(secret)}`);
  }
  return out;
}

/**
 * A `--db` URL: `@file` is read; a literal URL with a password is used, with a warning (TYR_DB
 * keeps it out of argv).
 */
export function databaseUrlOption(value: string | undefined): string | undefined {
  if (value === undefined) return value;
  if (value.startsWith('@')) return readSecretFile(value, '--db');
  let password = '';
  try {
    password = new URL(value).password;
  } catch {
    /* sqlite:<path>, or invalid: the config loader says so */
  }
  if (password) warnLiteral({ what: '--db', env: 'TYR_DB' }, false);
  return value;
}

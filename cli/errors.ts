// How a failed command reports itself: one line on stderr, `tyr: <message>`, exit code 1.
// The server's message is printed as it is; when it does not name the node (or port) the
// command was about, the name is put in front so the line stands on its own.
import { TyrApiError } from '../client/errors.js';

/** A mistake in the command line itself (bad k=v, unknown column). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Subject {
  kind: 'node' | 'port';
  ident: string;
}

export function errorLine(err: unknown, subject?: Subject): string {
  const message = err instanceof Error ? err.message : String(err);
  const named = !subject || message.includes(subject.ident) || (err instanceof TyrApiError && err.status === 0);
  return `tyr: ${named ? message : `${subject.kind} ${subject.ident}: ${message}`}`;
}

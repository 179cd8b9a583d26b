// Asks for a secret on the terminal without echoing it. Only on a terminal: a script that pipes
// stdin must say where its secret is (a file or the environment) rather than hang here.
import { CliError } from './errors.js';

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY);
}

export function promptSecret(question: string): Promise<string> {
  if (!canPrompt()) return Promise.reject(new CliError(`${question} cannot be asked for: stdin is not a terminal`));
  const stdin = process.stdin;
  // Echo off before the question shows, so that nothing typed at once is echoed.
  stdin.setRawMode(true);
  process.stderr.write(`${question}: `);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliError(`${question}: cancelled`));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

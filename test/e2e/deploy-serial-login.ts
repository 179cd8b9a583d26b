// Logs in on a lab VM's serial console, as a person rescuing a machine would: the lab exposes
// ttyS0 as QEMU's telnet chardev on 127.0.0.1:<serialPort>. Sends the user name and password at
// their prompts, runs one command and returns the transcript. QEMU's telnet negotiation bytes
// (IAC …) are dropped; the guest sees plain characters.
import net from 'node:net';
import { until } from '../helpers/until.js';

export async function serialLogin(port: number, user: string, password: string, command: string, timeoutMs = 60_000): Promise<string> {
  const sock = net.connect(port, '127.0.0.1');
  let text = '';
  sock.on('data', (d: Buffer) => {
    // Strip telnet IAC sequences (3 bytes: IAC, verb, option).
    const bytes: number[] = [];
    for (let i = 0; i < d.length; i++) {
      if (d[i] === 0xff) {
        i += 2;
        continue;
      }
      bytes.push(d[i]!);
    }
    text += Buffer.from(bytes).toString('latin1');
  });
  const deadline = Date.now() + timeoutMs;
  // One time budget for the whole login, shared by its prompts.
  const expectText = async (re: RegExp, nudge?: string): Promise<void> => {
    let lastNudge = 0;
    const from = text.length;
    await until(
      `${re} on the serial console`,
      Math.max(0, deadline - Date.now()),
      () => {
        if (re.test(text.slice(from))) return true;
        // A getty already showing its prompt prints it again after a newline.
        if (nudge !== undefined && Date.now() - lastNudge > 3000) {
          sock.write(nudge);
          lastNudge = Date.now();
        }
        return false;
      },
      { intervalMs: 200, diagnostics: () => `transcript:\n${text.slice(-1500)}` },
    );
  };
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    await expectText(/login: ?$/m, '\r');
    sock.write(`${user}\r`);
    await expectText(/Password: ?$/m);
    sock.write(`${password}\r`);
    // busybox ash's prompt, maybe followed by its cursor-position query (ESC [6n).
    await expectText(/[$#] (\x1b\[6n)?$/m);
    sock.write(`${command}; echo TYR-SERIAL-DONE\r`);
    await expectText(/^TYR-SERIAL-DONE/m);
    sock.write('exit\r');
    return text;
  } finally {
    sock.destroy();
  }
}

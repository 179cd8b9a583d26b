// What the demo checks before it builds or starts anything, so that a missing tool or a busy
// port ends it at once with one line that says what to do.
import net from 'node:net';
import { requireTool } from '../lab/tools.js';

/** The system tools the demo's rack needs: BMCs, the ipmitool Tyr drives them with, the VMs. */
const TOOLS: [name: string, debianPackage: string][] = [
  ['ipmi_sim', 'openipmi'],
  ['ipmitool', 'ipmitool'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
];

export function requireDemoTools(): void {
  for (const [name, pkg] of TOOLS) requireTool(name, pkg);
}

/**
 * Binds 127.0.0.1:<port> for a moment: the port the demo will hand to `tyr server`, or a free
 * one when `port` is 0. A port in use is an error that names the option to change.
 */
export async function claimPort(port: number, what: string, option: string): Promise<number> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `port ${port} (${what}) is in use: stop whatever listens there (ss -ltnp 'sport = :${port}'), or pick another with npm run demo -- ${option} <port> (0 picks a free one)`,
        { cause: err },
      );
    throw new Error(`cannot listen on 127.0.0.1:${port} (${what}): ${(err as Error).message}`, { cause: err });
  }
  const bound = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

// tyr-redfish-sim from the command line: one Redfish BMC in front of a lab VM (--dir) or a machine
// in memory (--memory). The password comes from TYR_REDFISH_SIM_PASSWORD (never argv); without it
// a random one is written to a 0600 file whose path is printed. When listening, prints one JSON
// line {url, caFile, username, systemId, pid}; stops on SIGTERM/SIGINT.
//   npx tsx test/bench/lab/redfish-sim/cli.ts --memory [--port 8443] [--no-tls]
//   npx tsx test/bench/lab/redfish-sim/cli.ts --dir <lab node dir> [--port 8443]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startRedfishSim } from './index.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a TCP port (0-65535)');
  return n;
}

interface CliOptions {
  port: number;
  memory?: boolean;
  dir?: string;
  tls: boolean;
  username: string;
  vendor?: string;
  certDir?: string;
}

async function main(o: CliOptions): Promise<void> {
  if (Boolean(o.memory) === Boolean(o.dir)) throw new Error('give exactly one of --memory or --dir <lab node dir>');
  let password = process.env.TYR_REDFISH_SIM_PASSWORD;
  let passwordFile: string | undefined;
  if (!password) {
    password = crypto.randomBytes(12).toString('base64url');
    passwordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-redfish-sim-')), 'password');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const sim = await startRedfishSim({
    mode: o.dir ? 'qemu' : 'memory',
    dir: o.dir,
    port: o.port,
    tls: o.tls,
    username: o.username,
    password,
    vendor: o.vendor,
    certDir: o.certDir,
  });
  process.stdout.write(
    `${JSON.stringify({ url: sim.url, caFile: sim.caFile, username: sim.username, systemId: sim.systemId, pid: process.pid, passwordFile })}\n`,
  );
  const stop = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const program = new Command();
program
  .name('tyr-redfish-sim')
  .description("the lab's Redfish BMC")
  .option('--port <port>', 'TCP port on 127.0.0.1 (0: a free one)', port, 0)
  .option('--memory', 'a machine kept in memory')
  .option('--dir <dir>', 'a lab node directory (qemu.conf): drive its QEMU VM')
  .option('--no-tls', 'plain HTTP instead of HTTPS')
  .option('--username <name>', 'BMC user', 'admin')
  .option('--vendor <name>', 'Manufacturer string')
  .option('--cert-dir <dir>', 'where the self-signed certificate is kept')
  .action(main)
  .parseAsync(process.argv)
  .catch((err: Error) => {
    process.stderr.write(`tyr-redfish-sim: ${err.message}\n`);
    process.exit(1);
  });

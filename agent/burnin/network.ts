// burnin_network: fio's net engine between two machines burned in together. The conductor pairs
// them and tells each its role: the `server` listens on `port` and reads, the `client` connects
// to the server's `peer` address and writes for `duration` seconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from '../activity.js';
import { run } from '../exec.js';
import { numberArg, type Args } from './args.js';
import { fioFailure, parseFioJson } from './fio.js';
import { withTimedProgress } from './progress.js';

export function fioNetArgs(role: 'server' | 'client', peer: string, port: number, seconds: number, output: string): string[] {
  const common = [
    '--name=burnin-net',
    '--ioengine=net',
    '--protocol=tcp',
    `--port=${port}`,
    '--bs=64k',
    '--size=100G',
    `--runtime=${seconds}`,
    '--time_based',
    '--output-format=json',
    `--output=${output}`,
  ];
  return role === 'server' ? [...common, '--listen', '--rw=read'] : [...common, `--hostname=${peer}`, '--rw=write'];
}

export async function burninNetwork(args: Args, activity: Activity): Promise<Record<string, unknown>> {
  const role = args.role;
  if (role !== 'server' && role !== 'client')
    throw new Error('burnin_network needs role "server" or "client" (the conductor sets it when it pairs nodes)');
  const peer = typeof args.peer === 'string' ? args.peer : '';
  if (role === 'client' && !peer) throw new Error('burnin_network as client needs the peer address');
  const port = numberArg(args, 'port', 9998, 1024, 65535);
  const seconds = numberArg(args, 'duration', 60, 1, 86400);
  // The client starts after the server listens (the conductor asks for a few seconds' delay).
  const delay = numberArg(args, 'start_delay', 0, 0, 600);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay * 1000));
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-fio-net-')), `${role}.json`);
  let stderr = '';
  await withTimedProgress(activity, 'burnin_network', seconds, async () => {
    try {
      await run('fio', fioNetArgs(role, peer, port, seconds, output), (seconds + 300) * 1000);
    } catch (err) {
      stderr = (err as Error).message;
    }
  });
  const text = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (!text.includes('{')) throw new Error(`burnin_network (${role}${peer ? `, peer ${peer}` : ''}): fio failed: ${stderr.slice(0, 500)}`);
  const result = parseFioJson(text);
  const failure = fioFailure(result, stderr);
  if (failure) throw new Error(`burnin_network (${role}${peer ? `, peer ${peer}` : ''}): ${failure}`);
  return { tool: 'fio', role, peer: peer || null, port, duration: seconds, fio: result.jobs[0] ?? null };
}

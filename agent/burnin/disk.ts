// burnin_disk: fio random read/write with crc32c verification over `size` of each disk (every
// writable disk, or the `devices` given), then, with smart_test, smartctl's short self-test and
// health verdict. A verify error or a failing SMART verdict fails the step naming the device.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from '../activity.js';
import { run } from '../exec.js';
import { writableDisks } from '../image/disks.js';
import { log } from '../log.js';
import { sizeArg, stringList, type Args } from './args.js';
import { fioFailure, parseFioJson, type FioJobSummary } from './fio.js';
import { parseSmartJson, type SmartVerdict } from './smart.js';

export interface DiskBurnin {
  device: string;
  fio: FioJobSummary;
  smart: SmartVerdict | null;
}

export function fioDiskArgs(device: string, size: string, output: string): string[] {
  return [
    `--name=burnin-${path.basename(device)}`,
    `--filename=${device}`,
    '--rw=randrw',
    '--bs=4k',
    `--size=${size}`,
    // No verify-state file: fio would leave it in the working directory of the agent.
    '--verify=crc32c',
    '--do_verify=1',
    '--verify_fatal=1',
    '--verify_state_save=0',
    '--ioengine=psync',
    `--direct=${device.startsWith('/dev/') ? 1 : 0}`,
    '--output-format=json',
    `--output=${output}`,
  ];
}

async function fioOne(device: string, size: string): Promise<FioJobSummary> {
  const output = path.join(os.tmpdir(), `tyr-fio-${path.basename(device)}-${process.pid}.json`);
  let stderr = '';
  try {
    await run('fio', fioDiskArgs(device, size, output), 6 * 3600_000);
  } catch (err) {
    // fio exits 1 on a verify error; its JSON still says which job and why.
    stderr = (err as Error).message;
  }
  const text = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (!text.includes('{')) throw new Error(`burnin_disk on ${device}: fio failed: ${stderr.slice(0, 500)}`);
  const result = parseFioJson(text);
  const failure = fioFailure(result, stderr);
  if (failure) throw new Error(`burnin_disk on ${device}: ${failure}`);
  if (result.jobs.length === 0) throw new Error(`burnin_disk on ${device}: fio reported no job`);
  return result.jobs[0]!;
}

async function smartOne(device: string): Promise<SmartVerdict> {
  // Start the short self-test, then read the verdict; a disk without SMART is recorded as such.
  await run('smartctl', ['-j', '-t', 'short', device], 60_000).catch(() => undefined);
  let text: string;
  try {
    text = (await run('smartctl', ['-j', '-H', device], 60_000)).stdout;
  } catch (err) {
    const m = /(\{[\s\S]*\})/.exec((err as Error).message);
    text = m ? m[1]! : '';
  }
  const verdict = parseSmartJson(device, text);
  if (verdict.passed === false) throw new Error(`burnin_disk on ${device}: smartctl reports the disk is failing: ${verdict.message}`);
  return verdict;
}

export async function burninDisk(args: Args, activity: Activity): Promise<Record<string, unknown>> {
  const size = sizeArg(args, 'size', '1G');
  const devices = stringList(args, 'devices') ?? (await writableDisks()).map((d) => d.name);
  if (devices.length === 0) throw new Error('burnin_disk: no disks to test');
  const results: DiskBurnin[] = [];
  for (const [i, device] of devices.entries()) {
    activity.report({ command: `burnin_disk (disks)`, bytes_written: i, total_bytes: devices.length, mb_per_s: 0 });
    log.info(`burnin_disk: fio randrw with verify over ${size} of ${device}`);
    const fio = await fioOne(device, size);
    const smart = args.smart_test === true ? await smartOne(device) : null;
    results.push({ device, fio, smart });
  }
  return { tool: 'fio', size, disks: results };
}

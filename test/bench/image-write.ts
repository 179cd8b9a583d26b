// Image-write benchmark: `npm run bench -- image-write`. A 2 GiB raw image of random bytes
// (made once into .cache/bench/, TYR_BENCH_IMAGE_MIB to change the size) is served over HTTP on
// loopback and written to loop devices (see TARGETS) by the agent's own raw write path (HTTP
// stream, sha256 on the fly, fsync, hash verified), and by the baseline `curl URL | dd of=DEV bs=4M
// oflag=direct conv=fsync` (which checks nothing), alternately, three times each. Prints a table and
// `ratio: <tyr/baseline>` (throughput; target >= 0.9).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { LoopDevices } from '../integration/agent-program/loop-devices.js';
import { requireTool } from '../helpers/tools.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const MiB = 2 ** 20;
const IMAGE_MIB = Number(process.env.TYR_BENCH_IMAGE_MIB ?? 2048);
const ROUNDS = 3;
/**
 * The targets, both loop devices. "disk" (the target the ratio is for) writes its backing file
 * with direct I/O, like a real disk with no page cache below it. "cached" adds the kernel's copy
 * of every block into the backing file's page cache, a CPU cost no real disk has; its ratio is
 * printed too.
 */
const TARGETS = [
  { key: 'cached', directIo: false },
  { key: 'disk', directIo: true },
] as const;

/** The random image and its sha256, generated once (random data: the hash has real work to do). */
function image(): { file: string; sha256: string } {
  fs.mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `image-${IMAGE_MIB}m.raw`);
  const sumFile = `${file}.sha256`;
  if (!fs.existsSync(sumFile) || fs.statSync(file, { throwIfNoEntry: false })?.size !== IMAGE_MIB * MiB) {
    console.log(`generating ${file} (${IMAGE_MIB} MiB of random bytes)…`);
    const hash = createHash('sha256');
    const fd = fs.openSync(file, 'w');
    const block = Buffer.allocUnsafe(64 * MiB);
    for (let done = 0; done < IMAGE_MIB * MiB; done += block.length) {
      const n = Math.min(block.length, IMAGE_MIB * MiB - done);
      randomFillSync(block, 0, n);
      fs.writeSync(fd, block, 0, n);
      hash.update(block.subarray(0, n));
    }
    fs.closeSync(fd);
    fs.writeFileSync(sumFile, hash.digest('hex'));
  }
  return { file, sha256: fs.readFileSync(sumFile, 'utf8').trim() };
}

interface Row {
  name: string;
  seconds: number;
  mbps: number;
}

export async function run(): Promise<void> {
  for (const tool of ['curl', 'dd', 'losetup']) requireTool(tool);
  process.env.TYR_AGENT_LOG_FILE ??= path.join(os.tmpdir(), `tyr-bench-agent-${process.pid}.log`);
  const { writeRaw } = await import('../../agent/image/raw.js');
  const { deviceSize } = await import('../../agent/image/disks.js');
  const img = image();
  const bytes = IMAGE_MIB * MiB;
  // The server runs in its own process, as it would on the conductor's side of the network.
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/integration/agent-program/image-server-main.ts'), `image.raw=${img.file}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = `${await new Promise<string>((resolve) => server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))}image.raw`;
  const loops = new LoopDevices(CACHE);
  const rows: Row[] = [];
  try {
    // Warm the page cache with the source once, so neither side pays for the first read.
    execFileSync('cat', [img.file], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 });
    const timed = async (name: string, fn: () => Promise<void> | void): Promise<void> => {
      const t0 = performance.now();
      await fn();
      const seconds = (performance.now() - t0) / 1000;
      rows.push({ name, seconds, mbps: bytes / MiB / seconds });
      console.log(`${name}: ${seconds.toFixed(2)} s, ${(bytes / MiB / seconds).toFixed(0)} MiB/s`);
    };
    for (const target of TARGETS) {
      const device = loops.attach(`target-${target.key}-${process.pid}`, bytes + 64 * MiB, { directIo: target.directIo });
      for (let round = 1; round <= ROUNDS; round++) {
        // Asynchronous: the image server runs in this process and must keep serving.
        await timed(
          `${target.key} baseline curl | dd oflag=direct (${round})`,
          () =>
            new Promise<void>((resolve, reject) => {
              const child = spawn(
                'sh',
                [
                  '-c',
                  'curl -sS --fail "$1" | dd of="$2" bs=4M iflag=fullblock oflag=direct conv=fsync,notrunc status=none',
                  'sh',
                  url,
                  device,
                ],
                { stdio: 'inherit' },
              );
              child.on('error', reject);
              child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`baseline failed with status ${code}`))));
            }),
        );
        await timed(`${target.key} tyr agent writeRaw + sha256 (${round})`, async () => {
          await writeRaw({ urls: [url], device, capacity: deviceSize(device), hashAlgo: 'sha256', hashValue: img.sha256 });
        });
      }
    }
  } finally {
    server.kill('SIGTERM');
    loops.detachAll();
    for (const f of fs.readdirSync(CACHE).filter((f) => f.startsWith('target-'))) fs.rmSync(path.join(CACHE, f), { force: true });
  }
  const table = new Table({ head: ['run', 'seconds', 'MiB/s'] });
  for (const r of rows) table.push([r.name, r.seconds.toFixed(2), r.mbps.toFixed(0)]);
  console.log(table.toString());
  const best = (prefix: string): number => Math.max(...rows.filter((r) => r.name.startsWith(prefix)).map((r) => r.mbps));
  const ratio = (key: string) => (best(`${key} tyr`) / best(`${key} baseline`)).toFixed(2);
  console.log(`image: ${IMAGE_MIB} MiB random, sha256 verified by tyr; best of ${ROUNDS} each`);
  console.log(`ratio on a loop device over a page-cached file (the kernel's copy competes for the CPUs): ${ratio('cached')}`);
  console.log(`ratio: ${ratio('disk')}`);
}

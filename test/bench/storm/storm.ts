// The storm itself: N machines arriving over a spread of seconds (a rack's power coming back),
// each booting as machine.ts plays it, and the per-phase table of the result.
import fs from 'node:fs';
import path from 'node:path';
import { pct } from '../../helpers/bench-util.js';
import type { StormAgents } from './agents.js';
import { DEPLOY_KERNEL, DEPLOY_RAMDISK, macOf } from './fleet.js';
import { bootMachine, PHASES, type Phase, type Sample } from './machine.js';

export const TARGET_P99_MS = 50;
/** Phases with the p99 target; the kernel's first bytes are a file read, reported beside them. */
const TARGETED = new Set<Phase>(['boot.ipxe', 'per-MAC script', 'lookup', 'heartbeat']);

/** phase, count, errors, p50, p95, p99, target, pass. */
export type StormRow = [string, number, number, string, string, string, string, string];

/** The deploy kernel and ramdisk a boot root serves (random bytes: nothing boots them here). */
export function writeBootFiles(dataDir: string): void {
  const root = path.join(dataDir, 'boot');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, DEPLOY_KERNEL), Buffer.alloc(1 << 20, 7));
  fs.writeFileSync(path.join(root, DEPLOY_RAMDISK), Buffer.alloc(1 << 20, 9));
}

/** Machine i's own loopback address: 127.10.x.y. */
const sourceOf = (i: number): string => `127.10.${Math.floor(i / 250)}.${(i % 250) + 1}`;

/** Boots uuids.length machines, machine i arriving at i × spreadMs / n; DHCP spreads them over bootUrls. */
export async function runStorm(uuids: string[], bootUrls: string[], agents: StormAgents, spreadMs: number): Promise<Sample[]> {
  const t0 = performance.now();
  const all = await Promise.all(
    uuids.map(async (node, i) => {
      const at = t0 + (i * spreadMs) / uuids.length;
      await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
      return bootMachine(
        { mac: macOf(i), node, address: sourceOf(i), bootUrl: bootUrls[i % bootUrls.length]!, callbackUrl: agents.callbackUrl(node) },
        agents.tokens,
      );
    }),
  );
  return all.flat();
}

/** One row per phase: count, errors, p50, p95, p99, target, pass. */
export function stormRows(samples: Sample[]): StormRow[] {
  return PHASES.map((phase) => {
    const mine = samples.filter((s) => s.phase === phase);
    const errors = mine.filter((s) => s.error);
    const ms = mine
      .filter((s) => !s.error)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const p = (q: number) => (ms.length ? `${pct(ms, q).toFixed(1)} ms` : '-');
    const targeted = TARGETED.has(phase);
    const pass = errors.length === 0 && mine.length > 0 && (!targeted || pct(ms, 99) < TARGET_P99_MS);
    return [
      phase,
      mine.length,
      errors.length,
      p(50),
      p(95),
      p(99),
      targeted ? `p99 < ${TARGET_P99_MS} ms, 0 errors` : '0 errors',
      pass ? 'pass' : 'FAIL',
    ];
  });
}

/** The distinct error messages and how often each came, for the report under the table. */
export function errorSummary(samples: Sample[]): string[] {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (!s.error) continue;
    const key = `${s.phase}: ${s.error.slice(0, 240)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([e, n]) => `${n} × ${e}`);
}

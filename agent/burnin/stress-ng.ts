// stress-ng: run one stressor for a while and read its metrics from the YAML file that
// --metrics-brief --yaml writes. Only the `metrics:` list is read, so a line-based reader is
// enough (the ramdisk carries no YAML library, and stress-ng writes flat `key: value` items).
import { run } from '../exec.js';

export interface StressorMetrics {
  stressor: string;
  bogo_ops: number;
  bogo_ops_per_s: number | null;
  wall_clock_s: number | null;
}

function scalar(raw: string): string {
  const v = raw.trim();
  return /^'.*'$/.test(v) || /^".*"$/.test(v) ? v.slice(1, -1) : v;
}

/** The entries of the `metrics:` list of a stress-ng --yaml file. */
export function parseStressNgYaml(text: string): StressorMetrics[] {
  const out: StressorMetrics[] = [];
  let inMetrics = false;
  let current: Record<string, string> | null = null;
  const flush = () => {
    if (!current?.stressor) return;
    const num = (k: string) => (current![k] === undefined || Number.isNaN(Number(current![k])) ? null : Number(current![k]));
    out.push({
      stressor: current.stressor,
      bogo_ops: num('bogo-ops') ?? 0,
      bogo_ops_per_s: num('bogo-ops-per-second-real-time'),
      wall_clock_s: num('wall-clock-time'),
    });
  };
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      if (inMetrics) flush();
      inMetrics = line.startsWith('metrics:');
      current = null;
      continue;
    }
    if (!inMetrics) continue;
    const item = /^\s*-\s+([\w-]+):\s*(.*)$/.exec(line);
    const field = /^\s+([\w-]+):\s*(.*)$/.exec(line);
    if (item) {
      flush();
      current = { [item[1]!]: scalar(item[2]!) };
    } else if (field && current) {
      current[field[1]!] = scalar(field[2]!);
    }
  }
  if (inMetrics) flush();
  return out;
}

/**
 * Runs `stress-ng <args> --timeout <s>s --metrics-brief --yaml <file>`. stress-ng exits non-zero
 * when a stressor failed (2) or hit an error (3+): that is a burn-in failure, named with its
 * own message.
 */
export async function runStressNg(what: string, args: string[], seconds: number, yamlPath: string): Promise<StressorMetrics[]> {
  const argv = [...args, '--timeout', `${seconds}s`, '--metrics-brief', '--yaml', yamlPath];
  try {
    await run('stress-ng', argv, (seconds + 120) * 1000);
  } catch (err) {
    throw new Error(`${what}: stress-ng reported a failure: ${(err as Error).message.slice(0, 600)}`, { cause: err });
  }
  const { readFileSync } = await import('node:fs');
  const metrics = parseStressNgYaml(readFileSync(yamlPath, 'utf8'));
  if (metrics.length === 0) throw new Error(`${what}: stress-ng wrote no metrics to ${yamlPath}`);
  return metrics;
}

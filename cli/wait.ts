// The progress line of `--wait`. On a terminal it is one line, rewritten in place, with the
// node's current state and the time spent; into a pipe or a file it is a line per change, so
// logs stay readable. It goes to stderr, keeping stdout for results.
import type { ApiNode, WaitOptions } from '../client/types.js';
import { deployProgressText } from './deploy-progress.js';

export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
}

export function stateText(n: ApiNode): string {
  const provision = n.target_provision_state ? `${n.provision_state} → ${n.target_provision_state}` : n.provision_state;
  const power = n.target_power_state ? `${n.power_state ?? 'None'} → ${n.target_power_state}` : (n.power_state ?? 'None');
  return `provision state "${provision}", power "${power}"`;
}

export function progressReporter(label: string, sink: ProgressSink = process.stderr) {
  let last = '';
  const onProgress: NonNullable<WaitOptions['onProgress']> = (node, elapsedMs) => {
    const progress = deployProgressText(node);
    const state = progress ? `${stateText(node)}, image ${progress}` : stateText(node);
    const seconds = Math.round(elapsedMs / 1000);
    if (sink.isTTY) {
      sink.write(`\r\x1b[2K${label}: ${state} (${seconds}s)`);
    } else if (state !== last) {
      sink.write(`${label}: ${state} (${seconds}s)\n`);
    }
    last = state;
  };
  const finish = () => {
    if (sink.isTTY && last) sink.write('\n');
  };
  return { onProgress, finish };
}

/** `--wait` alone waits without a limit; `--wait 120` waits at most 120 s. */
export function waitTimeoutMs(wait: boolean | string | undefined): number | undefined {
  if (wait === undefined || wait === false) return undefined;
  if (wait === true) return 0;
  const seconds = Number(wait);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`--wait takes a number of seconds, got "${wait}"`);
  return seconds * 1000;
}

// The image-write part of `tyr node deploy --wait`'s progress line: a bar with bytes written of
// the total and the agent's MB/s, from driver_internal_info.deploy_progress (the agent reports
// it on its heartbeats while standby.prepare_image runs).
import type { ApiNode } from '../client/types.js';
import { IMAGE_WRITING_STATES } from '../core/states/provision-states.js';

const WIDTH = 20;

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** "[#####---------------] 1.0 GiB / 4.0 GiB 25% 110.3 MB/s", or undefined when not writing. */
export function deployProgressText(n: ApiNode): string | undefined {
  if (!IMAGE_WRITING_STATES.has(n.provision_state)) return undefined;
  const p = (n.driver_internal_info as Record<string, unknown> | undefined)?.deploy_progress as Record<string, unknown> | undefined;
  if (!p || typeof p.bytes_written !== 'number') return undefined;
  const written = p.bytes_written;
  const total = typeof p.total_bytes === 'number' && p.total_bytes > 0 ? p.total_bytes : undefined;
  const rate = typeof p.mb_per_s === 'number' ? ` ${p.mb_per_s.toFixed(1)} MB/s` : '';
  if (!total) return `${size(written)} written${rate}`;
  const frac = Math.min(1, written / total);
  const full = Math.round(frac * WIDTH);
  return `[${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${size(written)} / ${size(total)} ${Math.floor(frac * 100)}%${rate}`;
}

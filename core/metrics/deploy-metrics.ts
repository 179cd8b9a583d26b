// Deploys: how long one takes from its start (deploy or rebuild) to active or deploy failed, and
// how fast the agent wrote the image. Fed by the conductor's provision-state transitions.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Node } from '../db/types.js';
import { STATE, type ProvisionEvent } from '../states/provision-states.js';

// Fake deploys take milliseconds; a real one, minutes; a stuck one, up to the callback timeout.
const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
// 10 MB/s (a slow network) to 2 GB/s (NVMe from a local cache).
const THROUGHPUT_BUCKETS = [1e7, 2.5e7, 5e7, 1e8, 2.5e8, 5e8, 1e9, 2e9];

/** Deploys started here whose end was not seen yet, at most this many (a takeover never ends them here). */
const MAX_IN_FLIGHT = 100_000;

interface ImageWrite {
  bytes: number;
  seconds: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * What the deploy wrote: the deploy step's result (driver_internal_info.image_write, Tyr's agent),
 * else the agent's last progress report (deploy_progress: bytes_written at mb_per_s, MiB/s).
 */
export function imageWriteOf(node: Pick<Node, 'driver_internal_info'>): ImageWrite | undefined {
  const info = node.driver_internal_info as Record<string, Record<string, unknown> | undefined>;
  const write = info.image_write;
  const bytes = num(write?.bytes_written);
  const seconds = num(write?.seconds);
  if (bytes && seconds) return { bytes, seconds };
  const progress = info.deploy_progress;
  const written = num(progress?.bytes_written);
  const rate = num(progress?.mb_per_s);
  if (written && rate) return { bytes: written, seconds: written / (rate * 2 ** 20) };
  return undefined;
}

export class DeployMetrics {
  private readonly duration: Histogram<'result'>;
  private readonly throughput: Histogram;
  private readonly written: Counter;
  /** Node uuid → when its deploy started (ms), for the deploys this process started. */
  private readonly started = new Map<string, number>();

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'tyr_deploy_duration_seconds',
      help: 'Time from the start of a deploy or rebuild to its end, by result (active or failed).',
      labelNames: ['result'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.throughput = new Histogram({
      name: 'tyr_deploy_image_write_bytes_per_second',
      help: "Speed at which a deploy's agent wrote the image to the node's disk (bytes per second), one sample per deploy.",
      buckets: THROUGHPUT_BUCKETS,
      registers: [registry],
    });
    this.written = new Counter({
      name: 'tyr_deploy_image_written_bytes_total',
      help: "Bytes of images agents wrote to nodes' disks in completed deploys.",
      registers: [registry],
    });
  }

  /** Told of every provision-state transition the conductor applies. */
  transitioned(before: Node, after: Node, event: ProvisionEvent): void {
    if (after.provision_state === STATE.DEPLOYING && (event === 'deploy' || event === 'rebuild')) {
      if (this.started.size < MAX_IN_FLIGHT) this.started.set(after.uuid, Date.now());
      return;
    }
    const ended = after.provision_state === STATE.ACTIVE || after.provision_state === STATE.DEPLOY_FAILED;
    const start = this.started.get(after.uuid);
    if (!ended || start === undefined) return;
    this.started.delete(after.uuid);
    const active = after.provision_state === STATE.ACTIVE;
    this.duration.observe({ result: active ? 'active' : 'failed' }, (Date.now() - start) / 1000);
    const write = active ? (imageWriteOf(after) ?? imageWriteOf(before)) : undefined;
    if (write) this.recordImageWrite(write);
  }

  private recordImageWrite(write: ImageWrite): void {
    this.written.inc(write.bytes);
    if (write.seconds > 0) this.throughput.observe(write.bytes / write.seconds);
  }
}

// Phase timings of a provisioning operation on a lab node, seen from the API the way an operator
// sees them: the test polls the node once a second while the operation runs and then prints
// request → ramdisk powered on (wait state) → first agent heartbeat → … → final state, and the
// image write (bytes, seconds, MB/s) that the agent reported.
import type { TyrClient } from '../../client/index.js';

type Json = Record<string, any>;

interface Sample {
  at: number;
  state: string;
  heartbeat?: string;
  progress?: Json;
  step?: string;
}

const WAIT_STATES = ['wait call-back', 'clean wait', 'rescue wait'];
const secs = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

export class PhaseWatch {
  private readonly samples: Sample[] = [];
  private readonly started = Date.now();
  private running = true;
  private readonly loop: Promise<void>;
  private initialHeartbeat?: string;
  private last?: Json;

  constructor(
    private readonly client: TyrClient,
    private readonly uuid: string,
    readonly label: string,
  ) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    let first = true;
    while (this.running) {
      try {
        const n = (await this.client.nodes.get(this.uuid)) as Json;
        const dii = (n.driver_internal_info ?? {}) as Json;
        if (first) this.initialHeartbeat = dii.agent_last_heartbeat;
        first = false;
        this.last = n;
        this.samples.push({
          at: Date.now() - this.started,
          state: n.provision_state,
          heartbeat: dii.agent_last_heartbeat,
          progress: dii.deploy_progress,
          step: (n.deploy_step?.step ?? n.clean_step?.step) as string | undefined,
        });
      } catch {
        /* the API is busy or restarting: the next sample will do */
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private firstAt(pred: (s: Sample) => boolean, after = 0): number | undefined {
    return this.samples.find((s) => s.at >= after && pred(s))?.at;
  }

  /** The provision states the node went through, in order, without repeats. */
  statesSeen(): string[] {
    const out: string[] = [];
    for (const s of this.samples) if (s.state !== out[out.length - 1]) out.push(s.state);
    return out;
  }

  /** Stops polling and prints the phases; returns the lines (also for failure messages). */
  async finish(finalNode?: Json): Promise<string[]> {
    this.running = false;
    await this.loop;
    // The wait that ended the operation may have seen the final state between two samples.
    const lastSampled = this.samples[this.samples.length - 1]?.state;
    if (finalNode && finalNode.provision_state !== lastSampled) {
      this.samples.push({ at: Date.now() - this.started, state: finalNode.provision_state as string });
    }
    const node = finalNode ?? this.last ?? {};
    const dii = (node.driver_internal_info ?? {}) as Json;
    const total = Date.now() - this.started;
    const waitAt = this.firstAt((s) => WAIT_STATES.includes(s.state));
    const hbAt =
      waitAt === undefined
        ? undefined
        : (this.firstAt((s) => !!s.heartbeat && s.heartbeat !== this.initialHeartbeat, waitAt) ??
          this.firstAt((s) => !WAIT_STATES.includes(s.state), waitAt));
    const lines = [`${this.label}: total ${secs(total)} → ${node.provision_state}`];
    if (waitAt !== undefined)
      lines.push(`  request → ramdisk powered on (${this.samples.find((s) => s.at === waitAt)!.state}): ${secs(waitAt)}`);
    if (waitAt !== undefined && hbAt !== undefined) lines.push(`  PXE boot → first heartbeat: ${secs(hbAt - waitAt)}`);
    const steps: string[] = [];
    for (const s of this.samples) if (s.step && s.step !== steps[steps.length - 1]) steps.push(s.step);
    for (const step of steps) {
      const from = this.firstAt((s) => s.step === step)!;
      const to = this.firstAt((s) => s.step !== step, from) ?? total;
      lines.push(`  step ${step}: ~${secs(to - from)}`);
    }
    // Only what this operation wrote: image_write and deploy_progress outlive their deploy.
    const wrote = steps.includes('write_image');
    const write = wrote ? (dii.image_write as Json | undefined) : undefined;
    const startedIso = new Date(Date.now() - total).toISOString();
    const progress = [...this.samples].reverse().find((s) => s.progress && String(s.progress.updated_at ?? '') >= startedIso)?.progress;
    if (write?.bytes_written) {
      lines.push(
        `  image write (agent): ${(Number(write.bytes_written) / 2 ** 20).toFixed(1)} MiB in ${Number(write.seconds).toFixed(2)} s = ${Number(write.mb_per_s).toFixed(1)} MB/s`,
      );
    }
    if (progress) lines.push(`  last deploy_progress seen: ${JSON.stringify(progress)}`);
    console.log(lines.map((l) => `      ${l}`).join('\n'));
    return lines;
  }
}

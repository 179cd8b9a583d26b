// Runs periodic tasks on their intervals. A pass never overlaps the previous one of the same
// task (a slow BMC sweep delays the next pass instead of stacking them); stop() waits for
// passes in flight.
import type { Logger } from '../../log.js';

export interface PeriodicTask {
  name: string;
  /** Seconds between passes; 0 disables the task. */
  intervalSeconds: number;
  run(signal: AbortSignal): Promise<void>;
}

export class PeriodicRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly log: Logger,
    private readonly tasks: PeriodicTask[],
  ) {}

  start(): void {
    for (const task of this.tasks) {
      if (task.intervalSeconds <= 0) continue;
      let running = false;
      const timer = setInterval(() => {
        if (running || this.abort.signal.aborted) return;
        running = true;
        const started = Date.now();
        const p = task
          .run(this.abort.signal)
          .catch((err: unknown) => this.log.error({ err, task: task.name }, 'periodic task failed'))
          .finally(() => {
            running = false;
            this.inFlight.delete(p);
            const ms = Date.now() - started;
            if (ms > task.intervalSeconds * 1000 && !this.abort.signal.aborted) {
              this.log.warn(
                { task: task.name, ms, interval_seconds: task.intervalSeconds },
                'periodic task took longer than its interval, so the next pass starts late; raise the interval, or add workers or conductors',
              );
            }
          });
        this.inFlight.add(p);
      }, task.intervalSeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }
}

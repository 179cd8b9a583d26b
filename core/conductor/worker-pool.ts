// A bounded pool for background work started by API requests. A slot is reserved before the
// node's state changes, so a full pool is reported (503 NoFreeConductorWorker) before anything
// happened. Running work is tracked so stop() can abort it and wait.
import { NoFreeConductorWorker } from '../errors.js';

export interface Slot {
  /** Starts `work` in the background; its failure is the work's own business (logged by it). */
  run(work: (signal: AbortSignal) => Promise<void>): void;
  /** Gives the slot back unused. */
  cancel(): void;
}

export class WorkerPool {
  private used = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(readonly size: number) {}

  get busy(): number {
    return this.used;
  }

  reserve(): Slot {
    if (this.abort.signal.aborted || this.used >= this.size) throw new NoFreeConductorWorker();
    this.used++;
    let done = false;
    const free = () => {
      if (!done) {
        done = true;
        this.used--;
      }
    };
    return {
      run: (work) => {
        const p = Promise.resolve()
          .then(() => work(this.abort.signal))
          .catch(() => undefined)
          .finally(() => {
            free();
            this.running.delete(p);
          });
        this.running.add(p);
      },
      cancel: free,
    };
  }

  /** Aborts running work (its signal fires with `reason`) and waits for it to settle. */
  async stop(reason: string): Promise<void> {
    this.abort.abort(new Error(reason));
    await Promise.allSettled([...this.running]);
  }

  /** Waits for the work running now (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

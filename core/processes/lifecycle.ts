// What a process has started, in order, so that shutdown (or a failed start) stops it all in
// reverse: the API closes before the database it reads, the conductor before its consoles.
import type { Logger } from '../log.js';

export class Lifecycle {
  private readonly started: { name: string; stop: () => Promise<void> }[] = [];

  constructor(private readonly log: Logger) {}

  add(name: string, stop: () => Promise<void>): void {
    this.started.push({ name, stop });
  }

  async stopAll(): Promise<void> {
    for (const { name, stop } of this.started.splice(0).reverse()) {
      await stop().catch((err: unknown) => this.log.error({ err }, `stopping ${name} failed`));
    }
  }
}

/** Runs `start` with a fresh Lifecycle; if it throws, what had started is stopped again. */
export async function startWithLifecycle<T>(log: Logger, start: (life: Lifecycle) => Promise<T>): Promise<T> {
  const life = new Lifecycle(log);
  try {
    return await start(life);
  } catch (err) {
    await life.stopAll();
    throw err;
  }
}

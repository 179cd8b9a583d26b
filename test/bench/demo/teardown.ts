// What the demo has started, to be stopped in reverse order exactly once: on Ctrl-C, on
// SIGTERM, or when a start-up step fails half-way.
export class Teardown {
  private readonly steps: { what: string; stop: () => Promise<void> }[] = [];
  private running?: Promise<void>;

  /** Registers how to stop something; the returned function drops it (it ended by itself). */
  add(what: string, stop: () => Promise<void>): () => void {
    const step = { what, stop };
    this.steps.push(step);
    return () => {
      const i = this.steps.indexOf(step);
      if (i >= 0) this.steps.splice(i, 1);
    };
  }

  get stopping(): boolean {
    return this.running !== undefined;
  }

  /** Runs every step, last added first; a step that fails is reported and the rest still run. */
  run(say: (line: string) => void): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        say(`  ${step.what}`);
        await step.stop().catch((err: unknown) => say(`  could not stop ${step.what}: ${(err as Error).message}`));
      }
    })();
    return this.running;
  }
}

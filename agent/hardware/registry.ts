// Holds the managers that support this machine, most specific first, and dispatches to them.
import type { HardwareManager } from './manager.js';

export class NoManagerError extends Error {}

export class HardwareManagerRegistry {
  private active: { manager: HardwareManager; support: number }[] = [];

  constructor(private readonly candidates: HardwareManager[]) {}

  /** Scores every candidate once; the order of equal scores is the registration order. */
  async evaluate(): Promise<void> {
    const scored = await Promise.all(
      this.candidates.map(async (manager) => ({ manager, support: await manager.evaluateHardwareSupport() })),
    );
    this.active = scored.filter((s) => s.support > 0).sort((a, b) => b.support - a.support);
  }

  managers(): HardwareManager[] {
    return this.active.map((s) => s.manager);
  }

  /** The most specific manager that implements `method`. */
  dispatch<K extends keyof HardwareManager>(method: K): HardwareManager {
    const found = this.active.find((s) => typeof s.manager[method] === 'function');
    if (!found) throw new NoManagerError(`no hardware manager on this machine implements ${String(method)}`);
    return found.manager;
  }

  /** Every manager's answer keyed by its name, as IPA's get_*_steps return them. */
  collectSteps(method: 'getDeploySteps' | 'getCleanSteps'): Record<string, ReturnType<NonNullable<HardwareManager[typeof method]>>> {
    const steps: Record<string, ReturnType<NonNullable<HardwareManager[typeof method]>>> = {};
    for (const manager of this.managers()) {
      if (manager[method]) steps[manager.name] = manager[method]();
    }
    return steps;
  }

  versions(): Record<string, string> {
    return Object.fromEntries(this.managers().map((m) => [m.name, m.version]));
  }
}

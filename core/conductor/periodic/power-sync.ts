// Power-state sync: compares each node's recorded power state with its BMC's. A mismatch is
// recorded in history, then the recorded state is forced or the real one adopted (config). A
// BMC that fails `power_failure_maintenance_threshold` passes in a row puts the node in
// maintenance with fault "power failure"; a later pass that reaches it takes it back out.
import type { Node } from '../../db/types.js';
import { STATE, WAIT_STATES } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import { describe } from '../flows/background.js';
import { forEachOwnedNode } from './batches.js';
import { POWER_FAILURE } from '../../states/faults.js';

export { POWER_FAILURE };

export class PowerSync {
  /**
   * Consecutive failures per node id; only failing nodes have an entry. Kept in memory on
   * purpose: when a node changes owner (scale-out), its new conductor starts counting from zero,
   * which at worst delays the maintenance flag by a few passes.
   */
  private readonly failures = new Map<number, number>();

  constructor(private readonly c: ConductorContext) {}

  /** One full pass over the nodes this conductor owns; returns how many it looked at. */
  async run(signal?: AbortSignal): Promise<number> {
    const metrics = this.c.metrics?.powerSync;
    return metrics ? metrics.time(() => this.pass(signal)) : this.pass(signal);
  }

  private async pass(signal?: AbortSignal): Promise<number> {
    const workers = this.c.config.conductor.sync_power_state_workers;
    let n = await forEachOwnedNode(this.c, { maintenance: false }, workers, signal, (node) => this.syncOne(node));
    n += await forEachOwnedNode(this.c, { maintenance: true, fault: POWER_FAILURE }, workers, signal, (node) => this.tryRecover(node));
    return n;
  }

  private isExempt(node: Node): boolean {
    // enroll: credentials not verified yet; a reservation or target: an operation owns the node.
    return node.provision_state === STATE.ENROLL || node.reservation !== null || node.target_power_state !== null;
  }

  private async syncOne(node: Node): Promise<void> {
    if (this.isExempt(node)) return;
    const shared = this.c.tasks.view(node);
    let real;
    try {
      real = await shared.ifaces.power.getPowerState(shared.ctx);
    } catch (err) {
      await this.recordFailure(node, describe(err));
      return;
    }
    this.failures.delete(node.id);
    if (real === node.power_state) return;
    const task = await this.c.tasks.tryExclusive(node);
    if (!task) return;
    try {
      const recorded = task.node.power_state;
      // A node waiting for its ramdisk is booting it (or being powered by it): the power-on that
      // started the boot is not recorded, so forcing would switch the machine off mid-boot (Ironic
      // leaves such nodes out of the sync). Adopting keeps the recorded state true.
      const waiting = WAIT_STATES.has(task.node.provision_state);
      if (recorded === null || waiting || !this.c.config.conductor.force_power_state_during_sync || real === 'error') {
        await task.save({ power_state: real });
        await task.history(
          `Power state of the node changed outside Tyr: recorded ${recorded ?? 'None'}, BMC reports ${real}; adopted ${real}.`,
          'warning',
          'monitoring',
        );
      } else {
        await task.history(
          `Power state of the node changed outside Tyr: recorded ${recorded}, BMC reports ${real}; forcing ${recorded}.`,
          'warning',
          'monitoring',
        );
        await task.ifaces.power.setPowerState(
          task.ctx,
          recorded as 'power on' | 'power off',
          this.c.config.conductor.power_state_change_timeout,
        );
      }
    } catch (err) {
      await task.save({ last_error: `Power state sync could not force the recorded state: ${describe(err)}` }).catch(() => undefined);
    } finally {
      await task.release();
    }
  }

  private async recordFailure(node: Node, message: string): Promise<void> {
    const count = (this.failures.get(node.id) ?? 0) + 1;
    this.failures.set(node.id, count);
    this.c.log.warn({ node_uuid: node.uuid, count, err: message }, 'power state sync could not reach the BMC');
    if (count < this.c.config.conductor.power_failure_maintenance_threshold) return;
    const task = await this.c.tasks.tryExclusive(node);
    if (!task) return;
    try {
      const error = `During sync_power_state, the BMC did not answer ${count} times in a row; the node was put in maintenance. Last error: ${message}`;
      await task.save({ maintenance: true, fault: POWER_FAILURE, maintenance_reason: error, last_error: error });
      await task.history(error, 'error', 'monitoring');
      this.failures.delete(node.id);
    } finally {
      await task.release();
    }
  }

  private async tryRecover(node: Node): Promise<void> {
    if (node.reservation !== null) return;
    const shared = this.c.tasks.view(node);
    let real;
    try {
      real = await shared.ifaces.power.getPowerState(shared.ctx);
    } catch {
      return; // still down: stays in maintenance
    }
    const task = await this.c.tasks.tryExclusive(node);
    if (!task) return;
    try {
      await task.save({ maintenance: false, maintenance_reason: null, fault: null, last_error: null, power_state: real });
      await task.history(
        `The BMC answers again (power state ${real}); maintenance and fault "${POWER_FAILURE}" cleared.`,
        'info',
        'monitoring',
      );
    } finally {
      await task.release();
    }
  }
}

// What every ipmitool interface of one service shares, made by its composition root
// (core/processes/drivers.ts) and closed on shutdown: one queue per BMC, so that the power,
// management, vendor and console interfaces together never send a BMC overlapping commands, and
// the private directory of password files.
import type { Config } from '../../config.js';
import type { BmcMetrics } from '../../metrics/bmc-metrics.js';
import { BmcQueue } from './bmc-queue.js';
import { PasswordFiles } from './password-files.js';
import { IpmitoolRunner, type ExecFn } from './runner.js';

export class IpmitoolResources {
  readonly queue: BmcQueue;
  readonly passwords = new PasswordFiles();

  constructor(
    private readonly config: Config,
    /** The service's BMC call metrics, handed to every runner. */
    private readonly metrics?: BmcMetrics,
  ) {
    this.queue = new BmcQueue(config.ipmi.min_command_interval_ms);
  }

  /** A runner on the shared queue; `config` may differ in retry budget (the console's one-shot calls). */
  runner(config: Config = this.config, exec?: ExecFn): IpmitoolRunner {
    return new IpmitoolRunner(config, { queue: this.queue, passwords: this.passwords, exec, metrics: this.metrics });
  }

  close(): Promise<void> {
    return this.passwords.close();
  }
}

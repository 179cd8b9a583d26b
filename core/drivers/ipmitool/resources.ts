// What every IPMI interface of one service shares, made by its composition root
// (core/processes/drivers.ts) and closed on shutdown: one queue per BMC, so that the power,
// management, vendor and console interfaces together never send a BMC overlapping commands,
// whichever client talks to it; the private directory of password files; and the native
// client with its sessions, when `[ipmi] client = native`.
import type { Config } from '../../config.js';
import type { BmcMetrics } from '../../metrics/bmc-metrics.js';
import { BmcQueue } from './bmc-queue.js';
import type { IpmiClient } from './ipmi-client.js';
import { IpmitoolClient } from './ipmitool-client.js';
import { PasswordFiles } from './password-files.js';
import { IpmitoolRunner, type ExecFn } from './runner.js';
import { SelectingIpmiClient } from './selecting-client.js';
import type { NativeIpmi } from '../../ipmi/factory.js';

/** Makes the service's one native client on the shared queue (core/processes/drivers.ts). */
export type NativeIpmiFactory = (config: Config, queue: BmcQueue, metrics?: BmcMetrics) => NativeIpmi;

export class IpmitoolResources {
  readonly queue: BmcQueue;
  readonly passwords = new PasswordFiles();
  private native?: NativeIpmi;
  private readonly fallbacksAnnounced = new Set<string>();

  constructor(
    private readonly config: Config,
    /** The service's BMC call metrics, handed to every runner. */
    private readonly metrics?: BmcMetrics,
    /** Absent: every call goes through ipmitool, whatever `[ipmi] client` says. */
    private readonly nativeFactory?: NativeIpmiFactory,
  ) {
    this.queue = new BmcQueue(config.ipmi.min_command_interval_ms);
  }

  /** A runner on the shared queue; `config` may differ in retry budget (the console's one-shot calls). */
  runner(config: Config = this.config, exec?: ExecFn): IpmitoolRunner {
    return new IpmitoolRunner(config, { queue: this.queue, passwords: this.passwords, exec, metrics: this.metrics });
  }

  /** The client `[ipmi] client` asks for: ipmitool, or native with ipmitool for what native cannot speak. */
  client(config: Config = this.config, exec?: ExecFn): IpmiClient {
    const ipmitool = new IpmitoolClient(this.runner(config, exec));
    if (config.ipmi.client === 'ipmitool' || !this.nativeFactory) return ipmitool;
    this.native ??= this.nativeFactory(this.config, this.queue, this.metrics);
    return new SelectingIpmiClient(this.native.client, ipmitool, this.native.fallbackReason, this.fallbacksAnnounced);
  }

  async close(): Promise<void> {
    await this.native?.client.close();
    await this.passwords.close();
  }
}

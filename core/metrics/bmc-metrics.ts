// BMC call latency and failures by driver (ipmitool, ipmi-native, redfish) and operation. Each driver times
// its calls at the one place it talks to its BMC (the ipmitool child, the Redfish HTTP exchange),
// so retries count as the separate calls they are.
import { Counter, Histogram, type Registry } from 'prom-client';

export type BmcDriver = 'ipmitool' | 'ipmi-native' | 'redfish';

// BMCs answer in tens of milliseconds to tens of seconds (ipmitool timeouts, slow Redfish tasks).
const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class BmcMetrics {
  private readonly duration: Histogram<'driver' | 'operation'>;
  private readonly errors: Counter<'driver' | 'operation'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'tyr_bmc_request_duration_seconds',
      help: 'Time one call to a BMC took (an ipmitool run or a Redfish HTTP exchange), failed ones included, by driver and operation.',
      labelNames: ['driver', 'operation'],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'tyr_bmc_request_errors_total',
      help: 'BMC calls that failed (ipmitool error or timeout, Redfish transport error or HTTP status >= 400), by driver and operation.',
      labelNames: ['driver', 'operation'],
      registers: [registry],
    });
  }

  /**
   * Runs one BMC call and records it. `failed` tells a resolved result that is still a failure
   * (an ipmitool exit code, a Redfish 500); a rejection always is one.
   */
  async time<T>(driver: BmcDriver, operation: string, call: () => Promise<T>, failed: (result: T) => boolean = () => false): Promise<T> {
    const labels = { driver, operation };
    const stop = this.duration.startTimer(labels);
    try {
      const result = await call();
      if (failed(result)) this.errors.inc(labels);
      return result;
    } catch (err) {
      this.errors.inc(labels);
      throw err;
    } finally {
      stop();
    }
  }
}

// A command the client can run: the request, what it is called in metrics and errors, and how
// its response data (after a zero completion code) becomes a result.
import type { IpmiRequest } from '../ipmi-message.js';

export interface Command<T> {
  /** Bounded metric label: power_status, power_on, set_boot_device, … */
  operation: string;
  /** Words for errors: "power status", "chassis power on", … */
  description: string;
  request: IpmiRequest;
  parse(data: Buffer): T;
  /**
   * Set for commands a BMC may never answer because it acts at once (a cold reset reboots the BMC
   * mid-answer): no answer on a freshly opened session is then taken as done rather than retried
   * in a new attempt, so one request does not become two resets.
   */
  mayGoUnanswered?: boolean;
}

export const ignoreData = (): void => undefined;

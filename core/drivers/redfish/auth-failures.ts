// Refused logins, remembered per BMC and credentials for a while. BMCs lock an account out after
// a few bad logins; without this, every node on the BMC and every periodic pass would try again
// and keep the account locked. Callers get the remembered error instead of a new attempt.
import { HardwareError } from '../../errors.js';

export class AuthFailureMemory {
  private readonly refused = new Map<string, { until: number; message: string }>();

  constructor(private readonly holdMs: number) {}

  /** Throws the remembered refusal for `key`, if one is still fresh. */
  check(key: string): void {
    const entry = this.refused.get(key);
    if (!entry) return;
    if (Date.now() < entry.until) throw new HardwareError(entry.message);
    this.refused.delete(key);
  }

  remember(key: string, message: string): HardwareError {
    if (this.holdMs > 0) this.refused.set(key, { until: Date.now() + this.holdMs, message });
    return new HardwareError(message);
  }

  forget(key: string): void {
    this.refused.delete(key);
  }
}

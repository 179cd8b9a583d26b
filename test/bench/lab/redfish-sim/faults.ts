// Scripted BMC misbehaviour: the next n requests fail with a status (503 + Retry-After by default
// in tests), and dropSessions() (in SimAuth) invalidates tokens.
import { redfishError, type SimReply } from './errors.js';

export class SimFaultPlan {
  private remaining = 0;
  private status = 503;
  private retryAfter: number | undefined;

  failNext(count: number, status = 503, retryAfterSeconds?: number): void {
    this.remaining = count;
    this.status = status;
    this.retryAfter = retryAfterSeconds;
  }

  /** The scripted failure for this request, if one is due. */
  take(): SimReply | null {
    if (this.remaining <= 0) return null;
    this.remaining--;
    const headers = this.retryAfter === undefined ? undefined : { 'Retry-After': String(this.retryAfter) };
    const id = this.status === 503 ? 'ServiceTemporarilyUnavailable' : 'GeneralError';
    return redfishError(this.status, id, `The service is temporarily unavailable (scripted fault, status ${this.status}).`, headers);
  }
}

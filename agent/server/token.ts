// The agent token from lookup guards the command API. Until lookup has handed one out, every
// request is refused: nobody else may drive the machine in the meantime.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class TokenGuard {
  private token: Buffer | null = null;

  set(token: string): void {
    this.token = digest(token);
  }

  get isSet(): boolean {
    return this.token !== null;
  }

  /** Constant time: digests of equal length, compared with timingSafeEqual. */
  check(presented: string | null | undefined): boolean {
    if (!this.token || !presented) return false;
    return timingSafeEqual(this.token, digest(presented));
  }
}

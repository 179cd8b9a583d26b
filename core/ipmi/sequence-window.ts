// Inbound session sequence numbers (IPMI 2.0 §6.12.13): a packet is accepted once, when its number
// is ahead of the highest seen by at most the window, or a little behind it and not seen yet
// (UDP reorders). Anything else is a replay or belongs to another session, and is dropped.
const AHEAD = 32;
const BEHIND = 16;

export class SequenceWindow {
  private highest = 0;
  /** Bit i set: highest - i was seen (bit 0 is highest itself). */
  private seen = 0;

  /** True (and remembered) when `seq` is acceptable. */
  accept(seq: number): boolean {
    if (seq === 0) return false;
    if (this.highest === 0) {
      this.highest = seq;
      this.seen = 1;
      return true;
    }
    const ahead = (seq - this.highest) >>> 0;
    if (ahead > 0 && ahead <= AHEAD) {
      this.seen = ahead >= 32 ? 1 : ((this.seen << ahead) | 1) >>> 0;
      this.highest = seq;
      return true;
    }
    const behind = (this.highest - seq) >>> 0;
    if (behind === 0 || behind >= BEHIND) return false;
    const bit = 1 << behind;
    if (this.seen & bit) return false;
    this.seen = (this.seen | bit) >>> 0;
    return true;
  }
}

// What RingWriter and its two workers say to each other. The ring is one SharedArrayBuffer of
// slots; a slot message names a filled stretch of it, and "end" follows the last one (a worker
// handles its messages in order).

/** Room to move the ring's start to an address O_DIRECT accepts. */
export const ALIGN_SLACK = 4096;

export interface SlotMessage {
  slot: number;
  at: number;
  length: number;
  position: number;
}
export interface EndMessage {
  end: true;
}
export type RingMessage = SlotMessage | EndMessage;

export interface HashWorkerData {
  ring: SharedArrayBuffer;
  algo: string;
}
export type HashReply = { slot: number } | { digest: string };

export interface WriteWorkerData {
  ring: SharedArrayBuffer;
  device: string;
  direct: boolean;
}
/** `base`: the first ring offset the writer can use (aligned for O_DIRECT). */
export interface WriteReady {
  ready: true;
  base: number;
  direct: boolean;
}
export type WriteReply = WriteReady | { slot: number } | { closed: true } | { error: string };

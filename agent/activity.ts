// What the agent is busy with right now, shared by the command runner (which command runs), the
// long commands (their progress) and the heartbeat loop (which reports it and heartbeats more
// often while a command runs). One per process: the agent runs one command at a time.
import type { Progress } from '../protocol/agent-wire.js';

export class Activity {
  private running: string | null = null;
  private current: Progress | null = null;
  private readonly listeners = new Set<() => void>();

  begin(command: string): void {
    this.running = command;
    this.current = null;
  }

  end(): void {
    this.running = null;
    this.current = null;
    // The conductor polls the result on heartbeats: tell it soon that the command has ended.
    for (const listener of this.listeners) listener();
  }

  get busy(): boolean {
    return this.running !== null;
  }

  get progress(): Progress | null {
    return this.current;
  }

  report(progress: Progress): void {
    this.current = progress;
  }

  onEnd(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const activity = new Activity();

/** Reports bytes written for `command` with the average rate since `startedAt` (ms). */
export function progressReporter(command: string, totalBytes: number | null, target = activity): (written: number) => void {
  const startedAt = Date.now();
  return (written) => {
    const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
    target.report({
      command,
      bytes_written: written,
      total_bytes: totalBytes,
      mb_per_s: Math.round((written / 2 ** 20 / seconds) * 10) / 10,
    });
  };
}

// Progress of a timed burn-in on heartbeats. The heartbeat's progress record counts bytes; a
// timed step reports seconds in the same fields (bytes_written = seconds done, total_bytes =
// seconds planned) and says so in `command` ("burnin_cpu (seconds)").
import type { Activity } from '../activity.js';

export async function withTimedProgress<T>(activity: Activity, step: string, seconds: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const tick = () => {
    const done = Math.min(Math.round((Date.now() - started) / 1000), seconds);
    activity.report({ command: `${step} (seconds)`, bytes_written: done, total_bytes: seconds, mb_per_s: 0 });
  };
  tick();
  const timer = setInterval(tick, 2000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

// CPU time of this process and of its children that have exited (Linux /proc/self/stat
// cutime + cstime): the cost of the ipmitool children a pass spawned, which process.cpuUsage()
// does not see. Children still running (the ipmi_sim BMCs) are not counted.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

function exitedChildrenMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the ")" closing the command name; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

export interface CpuSample {
  selfMs: number;
  childrenMs: number;
}

export function cpuNow(): CpuSample {
  const { user, system } = process.cpuUsage();
  return { selfMs: (user + system) / 1000, childrenMs: exitedChildrenMs() };
}

export function cpuSince(start: CpuSample): CpuSample {
  const now = cpuNow();
  return { selfMs: now.selfMs - start.selfMs, childrenMs: now.childrenMs - start.childrenMs };
}

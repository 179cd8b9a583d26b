// The partition table of a written disk as sfdisk reads it from the device itself (not the
// kernel's view, so it works on plain files and right after a write), and telling the kernel.
import fs from 'node:fs';
import { run } from '../exec.js';
import { log } from '../log.js';

export interface Partition {
  node: string;
  /** In sectors of `sectorsize`. */
  start: number;
  size: number;
  /** GPT: the type GUID (upper case); MBR: the type byte in hex. */
  type?: string;
}

export interface PartitionTable {
  /** sfdisk's name for the table type: 'gpt' or 'dos' (others are not handled). */
  label: string;
  sectorsize?: number;
  partitions?: Partition[];
}

/** Null when the device holds no partition table. */
export async function readPartitionTable(device: string): Promise<PartitionTable | null> {
  try {
    return (JSON.parse((await run('sfdisk', ['--json', device])).stdout) as { partitiontable: PartitionTable }).partitiontable;
  } catch {
    return null;
  }
}

/** sfdisk names partitions disk1, nvme0n1p1…: the number is the trailing digits. */
export function partitionNumber(node: string): number {
  return Number(/(\d+)$/.exec(node)?.[1] ?? 0);
}

/** Makes the kernel re-read a block device's table (partition nodes for the installed OS). */
export async function rereadPartitions(device: string): Promise<void> {
  if (fs.statSync(device).isBlockDevice())
    await run('partprobe', [device]).catch((err: Error) => log.warn(`partprobe ${device}: ${err.message}`));
}

// The EFI system partition of a written disk, and the files on it. The FAT is read in user space
// with mtools (`mdir -i device@@offset`): no mount, no partition device nodes, no root, so the
// same code runs in the ramdisk and in the tests on an image file.
import { run } from '../exec.js';
import { partitionNumber, readPartitionTable } from './partition-table.js';

export const ESP_TYPE_GUID = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';

export interface EspPartition {
  /** The partition's number, as efibootmgr --part takes it. */
  number: number;
  /** Byte offset of the partition on the device. */
  offset: number;
}

/** The first GPT partition typed as an ESP, or null (no GPT, or no ESP on it). */
export async function findEsp(device: string): Promise<EspPartition | null> {
  const table = await readPartitionTable(device);
  if (table?.label !== 'gpt') return null;
  const esp = (table.partitions ?? []).find((p) => p.type?.toUpperCase() === ESP_TYPE_GUID);
  return esp ? { number: partitionNumber(esp.node), offset: esp.start * (table.sectorsize ?? 512) } : null;
}

/**
 * Every file under \EFI, as paths from the ESP's root with forward slashes (EFI/debian/shimx64.efi),
 * spelled as stored. Throws when the partition holds no FAT file system mtools can read.
 */
export async function listEfiFiles(device: string, esp: EspPartition): Promise<string[]> {
  // `mtools -c mdir`: the one mtools executable serves every command, whatever links the ramdisk has.
  const { stdout } = await run('mtools', ['-c', 'mdir', '-/', '-b', '-i', `${device}@@${esp.offset}`, '::/EFI']).catch((err: Error) => {
    // A FAT without an EFI directory is an ESP with no loader, not a broken one.
    if (/not found|No such file/i.test(err.message)) return { stdout: '' };
    throw err;
  });
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('::/') && !line.endsWith('/'))
    .map((line) => line.slice(3));
}

// standby.get_partition_uuids's command_result (IPA): what prepare_image left on the disk, keyed
// as IPA keys it ("root uuid", "efi system partition uuid", "PReP Boot partition uuid"). A
// whole-disk image has only "root uuid" (the disk identifier), or nothing.
import { nullableStringAt, optionalObjectAt } from './fields.js';

export interface PartitionUuids {
  root_uuid: string | null;
  efi_system_partition_uuid: string | null;
  prep_boot_partition_uuid: string | null;
}

export function parsePartitionUuids(commandResult: unknown): PartitionUuids {
  const r = optionalObjectAt(commandResult, 'command_result');
  return {
    root_uuid: nullableStringAt(r['root uuid'], '"root uuid"'),
    efi_system_partition_uuid: nullableStringAt(r['efi system partition uuid'], '"efi system partition uuid"'),
    prep_boot_partition_uuid: nullableStringAt(r['PReP Boot partition uuid'], '"PReP Boot partition uuid"'),
  };
}

// standby.prepare_image's command_result: where the image went and how fast it was written.
import { nullableNumberAt, nullableStringAt, optionalObjectAt } from './fields.js';

export interface ImageWriteResult {
  root_device: string | null;
  configdrive_partition: string | null;
  bytes_written: number | null;
  seconds: number | null;
  mb_per_s: number | null;
}

export function parseImageWriteResult(commandResult: unknown): ImageWriteResult {
  const r = optionalObjectAt(commandResult, 'command_result');
  return {
    root_device: nullableStringAt(r.root_device, 'root_device'),
    configdrive_partition: nullableStringAt(r.configdrive_partition, 'configdrive_partition'),
    bytes_written: nullableNumberAt(r.bytes_written, 'bytes_written'),
    seconds: nullableNumberAt(r.seconds, 'seconds'),
    mb_per_s: nullableNumberAt(r.mb_per_s, 'mb_per_s'),
  };
}

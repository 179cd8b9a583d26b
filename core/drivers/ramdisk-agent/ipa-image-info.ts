// The image_info a stock IPA's standby.prepare_image expects, as Ironic's AgentDeploy.write_image
// builds it: Tyr's image_info (URLs, checksum or os_hash, disk format, config drive) plus what
// only IPA reads: node_uuid (its config drive partition's label), stream_raw_images, and for a
// partition image the partition layout (root_mb, swap_mb, ephemeral_mb…) and the boot mode.
import { asText } from '../../as-text.js';
import type { JsonObject } from '../../db/types.js';
import { InvalidParameterValue } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { targetBootMode } from '../../boot/boot-mode.js';
import type { ImageDigest } from './boot-root-image.js';
import { imageInfo } from './image-info.js';

/** Ironic's rule: instance_info.image_type, else a kernel and ramdisk of its own make a partition image. */
export function isPartitionImage(ii: JsonObject): boolean {
  if (ii.image_type === 'partition' || ii.image_type === 'whole-disk') return ii.image_type === 'partition';
  return typeof ii.kernel === 'string' && ii.kernel !== '' && typeof ii.ramdisk === 'string' && ii.ramdisk !== '';
}

function sizeAt(ctx: NodeContext, key: string, required: boolean): number {
  const raw = ctx.node.instance_info[key];
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (raw === undefined && !required) return 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || (required && n === 0)) {
    throw new InvalidParameterValue(
      `Node ${ctx.node.uuid}: a partition image needs instance_info/${key} as a ${required ? 'positive' : 'non-negative'} whole number (GiB or MiB as Ironic names it); got ${JSON.stringify(raw ?? null)}.`,
    );
  }
  return n;
}

function partitionFields(ctx: NodeContext): JsonObject {
  const ii = ctx.node.instance_info;
  const fields: JsonObject = {
    image_type: 'partition',
    root_mb: 1024 * sizeAt(ctx, 'root_gb', true),
    swap_mb: sizeAt(ctx, 'swap_mb', false),
    ephemeral_mb: 1024 * sizeAt(ctx, 'ephemeral_gb', false),
    preserve_ephemeral: ii.preserve_ephemeral === true || ii.preserve_ephemeral === 'true',
    deploy_boot_mode: targetBootMode(ctx.node),
    boot_option: 'local',
  };
  if (typeof ii.ephemeral_format === 'string') fields.ephemeral_format = ii.ephemeral_format;
  for (const key of ['kernel', 'ramdisk'] as const) if (typeof ii[key] === 'string') fields[key] = ii[key];
  return fields;
}

export function ipaImageInfo(ctx: NodeContext, digest?: ImageDigest): JsonObject {
  const partition = isPartitionImage(ctx.node.instance_info);
  return {
    ...imageInfo(ctx, digest),
    node_uuid: ctx.node.uuid,
    container_format: asText(ctx.node.instance_info.image_container_format ?? 'bare'),
    // Ironic's [agent]stream_raw_images default: a raw image goes straight to the disk.
    stream_raw_images: true,
    ...(partition ? partitionFields(ctx) : { image_type: 'whole-disk' }),
  };
}

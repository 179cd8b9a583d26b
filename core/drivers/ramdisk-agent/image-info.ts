// The image_info of standby.prepare_image (IPA's shape), built from the node's instance_info:
// where to download the image, its format and checksum, the root device hints, the config drive.
import { bootPublicUrl } from '../../config-load.js';
import { asText } from '../../as-text.js';
import { targetBootMode } from '../../boot/boot-mode.js';
import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from '../interfaces/task.js';
import { isBootRootImage, type ImageDigest } from './boot-root-image.js';
import { raidRootHint } from './raid-root.js';

/** An http(s) URL as is; anything else is a file under the boot root, served under /files/. */
export function imageUrl(ctx: NodeContext, source: string): string {
  if (!isBootRootImage(source)) return source;
  return `${bootPublicUrl(ctx.config)}/files/${source.replace(/^\/+/, '')}`;
}

/** `digest`: the hash Tyr computed for a boot-root image given without one (boot-root-image.ts). */
export function imageInfo(ctx: NodeContext, digest?: ImageDigest): JsonObject {
  const ii = ctx.node.instance_info;
  const info: JsonObject = {
    id: asText(ii.image_id ?? ctx.node.uuid),
    urls: [imageUrl(ctx, String(ii.image_source))],
    disk_format: asText(ii.image_disk_format ?? 'raw'),
  };
  if (ii.image_os_hash_algo !== undefined && ii.image_os_hash_value !== undefined) {
    info.os_hash_algo = asText(ii.image_os_hash_algo);
    info.os_hash_value = asText(ii.image_os_hash_value);
  } else if (ii.image_checksum !== undefined) {
    info.checksum = asText(ii.image_checksum);
  } else if (digest) {
    info.os_hash_algo = digest.algo;
    info.os_hash_value = digest.value;
  }
  // Ironic's place for hints is properties.root_device; instance_info may override per deploy.
  const hints = (ii.root_device ?? ctx.node.properties.root_device ?? raidRootHint(ctx.node)) as JsonObject | undefined;
  if (hints && typeof hints === 'object') info.root_device_hints = hints;
  if (typeof ii.configdrive === 'string' && ii.configdrive !== '') info.configdrive = ii.configdrive;
  if (typeof ii.image_size === 'number') info.image_size = ii.image_size;
  return info;
}

/**
 * Tyr's agent also gets the mode the instance boots in (IPA's key deploy_boot_mode, which IPA
 * reads for partition images only): under UEFI it finds the image's ESP and sets the boot entry.
 */
export function tyrImageInfo(ctx: NodeContext, digest?: ImageDigest): JsonObject {
  return { ...imageInfo(ctx, digest), deploy_boot_mode: targetBootMode(ctx.node) };
}

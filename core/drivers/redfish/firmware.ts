// The `redfish` firmware interface: components from the UpdateService's FirmwareInventory; an
// update per image through UpdateService.SimpleUpdate (the BMC downloads ImageURI), or a
// multipart push of the image Tyr downloads (driver_info.redfish_firmware_update_method =
// multipart, or a BMC without SimpleUpdate), each followed through its task to the end. A task
// that fails ends the step with the task's messages; versions before and after are returned.
// Runs from the conductor: no ramdisk (outOfBand).
import { createHash } from 'node:crypto';
import { parseChecksum } from '../../../protocol/firmware-images.js';
import { HardwareError, InvalidParameterValue, UnsupportedDriverExtension } from '../../errors.js';
import { asBadRequest } from '../../shape-errors.js';
import type { JsonObject } from '../../db/types.js';
import type { FirmwareComponent, FirmwareInterface } from '../interfaces/firmware.js';
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishConnection, RedfishResponse } from './connection.js';
import {
  componentsFrom,
  inventoryEntries,
  transferProtocol,
  updatedComponents,
  updatePlan,
  type InventoryEntry,
  type UpdateMethod,
  type UpdatePlan,
} from './firmware-inventory.js';
import { RedfishOutOfBandInterface } from './oob-validate.js';
import { linkAt, readMembers } from './resource-fields.js';
import { followTask, taskPathOf } from './task-monitor.js';

const SERVICE_ROOT = '/redfish/v1';
const METHOD_KEY = 'redfish_firmware_update_method';
const METHODS: readonly UpdateMethod[] = ['simple', 'multipart'];

function methodOf(ctx: NodeContext): UpdateMethod {
  const v = ctx.node.driver_info[METHOD_KEY];
  if (v === undefined || v === null || v === '') return 'simple';
  if (!METHODS.includes(v as UpdateMethod)) {
    throw new InvalidParameterValue(
      `Node ${ctx.node.uuid}: driver_info.${METHOD_KEY} must be "simple" or "multipart", got ${JSON.stringify(v)}.`,
    );
  }
  return v as UpdateMethod;
}

/** The image, downloaded by Tyr for a multipart push, checked against its checksum when one is given. */
async function download(ctx: NodeContext, url: string, checksum: string | undefined): Promise<Buffer> {
  const timeout = AbortSignal.timeout(ctx.config.redfish.task_timeout_seconds * 1000);
  const res = await fetch(url, { signal: ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout }).catch((err: unknown) => {
    throw new HardwareError(`Node ${ctx.node.uuid}: the firmware image ${url} could not be downloaded: ${(err as Error).message}`);
  });
  if (!res.ok) throw new HardwareError(`Node ${ctx.node.uuid}: the firmware image ${url} could not be downloaded: HTTP ${res.status}.`);
  const data = Buffer.from(await res.arrayBuffer());
  if (checksum) {
    const { algo, hex } = asBadRequest(() => parseChecksum(checksum), `Node ${ctx.node.uuid}: the firmware image ${url}`);
    const actual = createHash(algo).update(data).digest('hex');
    if (actual !== hex) {
      throw new HardwareError(
        `Node ${ctx.node.uuid}: the firmware image ${url} has ${algo} ${actual}, not the ${hex} the step gives; nothing was sent to the BMC. Check the URL and the checksum.`,
      );
    }
  }
  return data;
}

interface UpdateTarget {
  conn: RedfishConnection;
  service: JsonObject;
  inventoryPath: string;
}

export class RedfishFirmware extends RedfishOutOfBandInterface implements FirmwareInterface {
  override readonly properties = {
    [METHOD_KEY]: {
      description:
        'How firmware images reach the BMC: "simple" (default: UpdateService.SimpleUpdate, the BMC downloads the URL) or "multipart" (Tyr downloads the image and pushes it to MultipartHttpPushUri, for BMCs that cannot reach the image server).',
      required: false,
    },
  };

  override async validate(ctx: NodeContext): Promise<void> {
    await super.validate(ctx);
    methodOf(ctx);
  }

  async listComponents(ctx: NodeContext): Promise<FirmwareComponent[]> {
    const { conn, inventoryPath } = await this.updateService(ctx);
    return componentsFrom(inventoryEntries(await readMembers(conn, inventoryPath)));
  }

  async update(ctx: NodeContext, settings: { component: string; url: string; checksum?: string }[]): Promise<FirmwareComponent[]> {
    const target = await this.updateService(ctx);
    const plan = updatePlan(target.service, methodOf(ctx));
    if (!plan)
      throw new UnsupportedDriverExtension(
        `Node ${ctx.node.uuid}: the BMC's UpdateService offers neither SimpleUpdate nor a multipart push.`,
      );
    const before = inventoryEntries(await readMembers(target.conn, target.inventoryPath));
    for (const image of settings) {
      const entry = before.find((e) => e.component === image.component);
      if (!entry) {
        throw new InvalidParameterValue(
          `Node ${ctx.node.uuid} has no firmware component ${JSON.stringify(image.component)}; its BMC lists ${before.map((e) => e.component).join(', ')}.`,
        );
      }
      if (!entry.updateable)
        throw new InvalidParameterValue(`Node ${ctx.node.uuid}: the BMC marks firmware component ${entry.component} as not updateable.`);
    }
    for (const image of settings) {
      const entry = before.find((e) => e.component === image.component)!;
      ctx.log.info({ component: entry.component, url: image.url, method: plan.method }, 'firmware update starting');
      const answer = await this.send(ctx, target, plan, entry, image);
      const taskPath = taskPathOf(answer);
      if (taskPath) await followTask(ctx, target.conn, taskPath, `the firmware update of ${entry.component} from ${image.url}`);
    }
    const after = inventoryEntries(await readMembers(target.conn, target.inventoryPath));
    return updatedComponents(before, after, new Set(settings.map((s) => s.component)));
  }

  private async send(
    ctx: NodeContext,
    t: UpdateTarget,
    plan: UpdatePlan,
    entry: InventoryEntry,
    { url, checksum }: { url: string; checksum?: string },
  ): Promise<RedfishResponse> {
    if (plan.method === 'multipart') {
      const data = await download(ctx, url, checksum);
      const name = new URL(url).pathname.split('/').pop() || 'firmware.bin';
      return t.conn.postMultipart(plan.uri, { Targets: [entry.path], '@Redfish.OperationApplyTime': 'Immediate' }, { name, data });
    }
    const protocol = transferProtocol(t.service, url);
    if (!protocol) {
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid}: the BMC's SimpleUpdate does not take ${url.split(':')[0]} URLs; give another URL, or set driver_info.${METHOD_KEY} to multipart.`,
      );
    }
    return t.conn.post(plan.uri, { ImageURI: url, TransferProtocol: protocol, Targets: [entry.path] });
  }

  private async updateService(ctx: NodeContext): Promise<UpdateTarget> {
    const { conn } = await this.systems.forNode(ctx);
    const servicePath = linkAt(await conn.get(SERVICE_ROOT), 'UpdateService');
    if (!servicePath) throw new UnsupportedDriverExtension(`Node ${ctx.node.uuid}: the BMC has no UpdateService.`);
    const service = await conn.get(servicePath);
    const inventoryPath = linkAt(service, 'FirmwareInventory');
    if (!inventoryPath) throw new UnsupportedDriverExtension(`Node ${ctx.node.uuid}: the BMC's UpdateService has no FirmwareInventory.`);
    return { conn, service, inventoryPath };
  }
}

// The `redfish` RAID interface: volumes created through POST Storage/{id}/Volumes for the RAID
// levels the controller advertises (SupportedRAIDTypes), each logical disk of target_raid_config
// checked and placed on drives before the first volume is made; every volume deleted for
// delete_configuration. A creation or deletion that starts a task is followed to its end. Runs
// from the conductor: no ramdisk (outOfBand).
import { HardwareError, InvalidParameterValue } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import type { RaidInterface } from '../interfaces/raid.js';
import type { NodeContext } from '../interfaces/task.js';
import { checkRaidConfig, LOGICAL_DISK_PROPERTIES } from '../raid-config.js';
import type { RedfishConnection, RedfishResponse } from './connection.js';
import { RedfishOutOfBandInterface } from './oob-validate.js';
import { planVolumes, raidConfigFrom, raidStorage, type LogicalDisk, type RaidStorage } from './raid-volumes.js';
import { memberPaths } from './resource-fields.js';
import { readStorage } from './storage-read.js';
import { followTask, taskPathOf } from './task-monitor.js';

export class RedfishRaid extends RedfishOutOfBandInterface implements RaidInterface {
  /** The schema, then the node's controllers: levels they support, drives they have, sizes that fit. */
  async validateRaidConfig(ctx: NodeContext, config: JsonObject): Promise<void> {
    checkRaidConfig(config);
    const { storages } = await this.read(ctx);
    planVolumes(storages, config.logical_disks as LogicalDisk[]);
  }

  async createConfiguration(ctx: NodeContext): Promise<JsonObject> {
    const target = ctx.node.target_raid_config;
    if (!target || !Array.isArray(target.logical_disks)) {
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid} has no target_raid_config: set one with PUT /v1/nodes/${ctx.node.uuid}/states/raid first.`,
      );
    }
    checkRaidConfig(target);
    const { conn, storages } = await this.read(ctx);
    const plans = planVolumes(storages, target.logical_disks as LogicalDisk[]);
    const built: Parameters<typeof raidConfigFrom>[0] = [];
    for (const plan of plans) {
      const volumesPath = this.volumesPath(ctx, plan.storage);
      const before = new Set(memberPaths(await conn.get(volumesPath)));
      ctx.log.info({ controller: plan.storage.id, raid_type: plan.body.RAIDType }, 'creating a RAID volume');
      await this.finish(ctx, conn, await conn.post(volumesPath, plan.body), `the creation of a ${String(plan.body.RAIDType)} volume`);
      // The new member, whether the BMC answered with it, its Location or a task.
      const created = memberPaths(await conn.get(volumesPath)).filter((p) => !before.has(p));
      if (created.length !== 1) {
        throw new HardwareError(
          `Node ${ctx.node.uuid}: after creating a ${String(plan.body.RAIDType)} volume, ${volumesPath} has ${created.length} new volumes instead of one; check the controller on the BMC.`,
        );
      }
      built.push({ plan, volume: await conn.get(created[0]!) });
    }
    return raidConfigFrom(built);
  }

  async deleteConfiguration(ctx: NodeContext): Promise<void> {
    const { conn, storages } = await this.read(ctx);
    for (const storage of storages) {
      if (!storage.volumesPath) continue;
      for (const volume of memberPaths(await conn.get(storage.volumesPath))) {
        ctx.log.info({ volume }, 'deleting a RAID volume');
        await this.finish(ctx, conn, await conn.delete(volume), `the deletion of ${volume}`);
      }
    }
  }

  logicalDiskProperties() {
    return LOGICAL_DISK_PROPERTIES;
  }

  private async finish(ctx: NodeContext, conn: RedfishConnection, answer: RedfishResponse, what: string): Promise<void> {
    const task = taskPathOf(answer);
    if (task) await followTask(ctx, conn, task, what);
  }

  private volumesPath(ctx: NodeContext, storage: RaidStorage): string {
    if (!storage.volumesPath) {
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid}: the storage ${storage.path} has no Volumes collection, so it cannot build RAID volumes.`,
      );
    }
    return storage.volumesPath;
  }

  private async read(ctx: NodeContext): Promise<{ conn: RedfishConnection; storages: RaidStorage[] }> {
    const { conn, system, systemPath } = await this.systems.forNode(ctx);
    const storages = (await readStorage(conn, system)).map((s) => raidStorage(s.storage, s.drives)).filter((s) => s.raidTypes.length > 0);
    if (storages.length === 0) {
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid}: the Redfish system ${systemPath} has no storage controller that advertises RAID types.`,
      );
    }
    return { conn, storages };
  }
}

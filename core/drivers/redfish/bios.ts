// The `redfish` BIOS interface: settings read from the system's Bios resource and its
// AttributeRegistry; changes PATCHed to the settings object (@Redfish.Settings) with the apply
// time the BMC supports, checked against the registry first (nothing is written when one setting
// is wrong), then a reboot when a setting needs one, then the values read back; a factory reset
// through #Bios.ResetBios. Runs from the conductor: no ramdisk (outOfBand).
import { HardwareError, InvalidParameterValue, UnsupportedDriverExtension } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import type { BiosInterface, BiosSetting } from '../interfaces/bios.js';
import type { NodeContext } from '../interfaces/task.js';
import {
  applyTime,
  registryEntries,
  registryLocation,
  settingsFrom,
  unapplied,
  valueProblem,
  valueText,
  wireValue,
  type RegistryEntry,
} from './bios-registry.js';
import type { RedfishConnection } from './connection.js';
import { RedfishOutOfBandInterface } from './oob-validate.js';
import { pause } from '../pause.js';
import { ramdiskRunning, rebootToApply, restorePower } from './reboot-to-apply.js';
import { actionTarget, linkAt, linkOf, list, memberPaths, obj, str } from './resource-fields.js';

const REGISTRIES = '/redfish/v1/Registries';
const READ_BACK_INTERVAL_MS = 1000;

interface BiosView {
  conn: RedfishConnection;
  path: string;
  bios: JsonObject;
  registry: Map<string, RegistryEntry>;
}

export class RedfishBios extends RedfishOutOfBandInterface implements BiosInterface {
  async getSettings(ctx: NodeContext): Promise<BiosSetting[]> {
    const { bios, registry } = await this.read(ctx);
    return settingsFrom(bios, registry);
  }

  async applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void> {
    const { conn, path, bios, registry } = await this.read(ctx);
    const current = obj(bios, 'Attributes') ?? {};
    const problems = settings
      .map((s) => (s.value === null ? `BIOS setting ${s.name} needs a value` : valueProblem(s.name, s.value, registry, current)))
      .filter((p): p is string => p !== null);
    if (problems.length > 0) {
      throw new InvalidParameterValue(`Node ${ctx.node.uuid}: ${problems.join('; ')}. Nothing was applied.`);
    }
    const changes = settings.filter((s) => valueText(current[s.name]) !== s.value);
    if (changes.length === 0) {
      ctx.log.info({ settings: settings.map((s) => s.name) }, 'BIOS settings already have the asked values');
      return;
    }
    const attributes = Object.fromEntries(changes.map((s) => [s.name, wireValue(s.name, s.value!, registry, current)]));
    const when = applyTime(bios);
    const settingsPath = linkOf(obj(bios, '@Redfish.Settings')?.SettingsObject) ?? path;
    const { etag } = await conn.getWithEtag(settingsPath);
    await conn.patch(
      settingsPath,
      { Attributes: attributes, ...(when ? { '@Redfish.SettingsApplyTime': { ApplyTime: when } } : {}) },
      etag,
    );
    // An attribute whose registry entry does not say otherwise is assumed to need a reset, as
    // BMCs stage settings for the next boot unless they apply them at once.
    const needsReboot = when !== 'Immediate' && changes.some((s) => registry.get(s.name)?.reset_required !== false);
    if (needsReboot && ramdiskRunning(ctx)) {
      ctx.log.warn(
        { settings: changes.map((s) => s.name) },
        'BIOS settings staged on the BMC for the next boot: the ramdisk is running, so no reboot now (clean with disable_ramdisk to apply and check them at once)',
      );
      return;
    }
    const before = needsReboot ? await rebootToApply(ctx, `BIOS settings ${changes.map((s) => s.name).join(', ')}`) : null;
    try {
      await this.confirm(ctx, conn, path, changes);
    } finally {
      if (needsReboot) await restorePower(ctx, before);
    }
  }

  async factoryReset(ctx: NodeContext): Promise<void> {
    const { conn, bios, path } = await this.read(ctx);
    const target = actionTarget(bios, '#Bios.ResetBios');
    if (!target) {
      throw new UnsupportedDriverExtension(`Node ${ctx.node.uuid}: the BMC's Bios resource ${path} has no #Bios.ResetBios action.`);
    }
    await conn.post(target, {});
    if (ramdiskRunning(ctx)) {
      ctx.log.warn('BIOS factory reset staged on the BMC for the next boot: the ramdisk is running, so no reboot now');
      return;
    }
    await restorePower(ctx, await rebootToApply(ctx, 'the BIOS factory reset'));
  }

  /** Reads the Bios resource until the changed attributes read back as asked, within the power-change timeout. */
  private async confirm(ctx: NodeContext, conn: RedfishConnection, path: string, changes: BiosSetting[]): Promise<void> {
    const deadline = Date.now() + ctx.config.conductor.power_state_change_timeout * 1000;
    for (;;) {
      const bios = await conn.get(path);
      const wrong = unapplied(changes, bios);
      if (wrong.length === 0) return;
      if (Date.now() >= deadline || ctx.signal?.aborted) {
        const settingsMessages = list(obj(bios, '@Redfish.Settings'), 'Messages')
          .map((m) => (typeof m === 'object' && m !== null ? str(m as JsonObject, 'Message') : null))
          .filter((m): m is string => m !== null);
        throw new HardwareError(
          `Node ${ctx.node.uuid}: the BMC did not apply the BIOS settings ${wrong.join(', ')}${settingsMessages.length ? ` (BMC: ${settingsMessages.join(' ')})` : ''}; check the BMC's logs, then retry the clean step.`,
        );
      }
      await pause(READ_BACK_INTERVAL_MS, ctx.signal);
    }
  }

  private async read(ctx: NodeContext): Promise<BiosView> {
    const { conn, system, systemPath } = await this.systems.forNode(ctx);
    const path = linkAt(system, 'Bios');
    if (!path) throw new UnsupportedDriverExtension(`Node ${ctx.node.uuid}: the Redfish system ${systemPath} has no Bios resource.`);
    const bios = await conn.get(path);
    return { conn, path, bios, registry: await this.registry(conn, str(bios, 'AttributeRegistry')) };
  }

  /** The AttributeRegistry the Bios resource names, from /redfish/v1/Registries; empty when the BMC publishes none. */
  private async registry(conn: RedfishConnection, name: string | null): Promise<Map<string, RegistryEntry>> {
    if (!name) return new Map();
    for (const member of memberPaths(await conn.get(REGISTRIES))) {
      const uri = registryLocation([await conn.get(member)], name);
      if (uri) return registryEntries(await conn.get(uri));
    }
    return new Map();
  }
}

// Management through Redfish: the boot device (Boot.BootSourceOverrideTarget/Enabled, in the
// node's target boot mode), boot mode (BootSourceOverrideMode), secure boot (the SecureBoot resource), the system's and chassis'
// indicator LEDs, sensor readings (sensors.ts), and NMI (ComputerSystem.Reset "Nmi"). Every
// PATCH carries the ETag the BMC sent.
import { targetBootMode } from '../../boot/boot-mode.js';
import type { JsonObject } from '../../db/types.js';
import { HardwareError, InvalidParameterValue, UnsupportedDriverExtension } from '../../errors.js';
import type {
  BootDevice,
  BootMode,
  IndicatorState,
  ManagementInterface,
  SensorsData,
  SupportedIndicators,
} from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { BOOT_TARGETS, deviceOfTarget, isRedfishBootDevice, REDFISH_BOOT_DEVICES } from './boot-devices.js';
import type { RedfishSystem, RedfishSystems } from './connection.js';
import { parseRedfishDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';
import { readIndicator, writeIndicator } from './indicators.js';
import { allowedResetTypes, reset } from './reset.js';
import { readSensors } from './sensors.js';

const BOOT_MODE_VALUES: Record<BootMode, string> = { uefi: 'UEFI', bios: 'Legacy' };

const ALL_STATES: IndicatorState[] = ['ON', 'OFF', 'BLINKING', 'UNKNOWN'];
const INDICATORS: SupportedIndicators = {
  system: { led: { readonly: false, states: ALL_STATES } },
  chassis: { led: { readonly: false, states: ALL_STATES } },
};

/**
 * The BootSourceOverrideMode part of a boot device PATCH: the node's target mode (or `efiboot`
 * when the caller decides), sent only when the BMC has the property and shows another value, so
 * a BMC without boot mode support is not sent a property it would refuse.
 */
function overrideMode(ctx: NodeContext, boot: JsonObject, efiboot: boolean | undefined): { BootSourceOverrideMode?: string } {
  if (boot.BootSourceOverrideMode === undefined) return {};
  const wanted = BOOT_MODE_VALUES[efiboot === undefined ? targetBootMode(ctx.node) : efiboot ? 'uefi' : 'bios'];
  return boot.BootSourceOverrideMode === wanted ? {} : { BootSourceOverrideMode: wanted };
}

const bootOf = (sys: RedfishSystem): JsonObject => (sys.system.Boot as JsonObject | undefined) ?? {};
const idOf = (v: unknown): string | null =>
  typeof (v as JsonObject | null)?.['@odata.id'] === 'string' ? String((v as JsonObject)['@odata.id']) : null;

export class RedfishManagement implements ManagementInterface {
  readonly properties = REDFISH_PROPERTIES;

  constructor(private readonly systems: RedfishSystems) {}

  async validate(ctx: NodeContext): Promise<void> {
    parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
  }

  supportedBootDevices(): BootDevice[] {
    return [...REDFISH_BOOT_DEVICES];
  }

  async setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean, efiboot?: boolean): Promise<void> {
    if (!isRedfishBootDevice(device))
      throw new InvalidParameterValue(
        `Boot device "${device}" is not supported by Redfish; use one of ${REDFISH_BOOT_DEVICES.join(', ')}.`,
      );
    const sys = await this.systems.forNode(ctx);
    const boot = bootOf(sys);
    const allowedRaw = boot['BootSourceOverrideTarget@Redfish.AllowableValues'];
    const allowed = Array.isArray(allowedRaw) ? allowedRaw.filter((v): v is string => typeof v === 'string') : null;
    const wanted = BOOT_TARGETS[device];
    const target = sys.quirks.bootTarget?.(wanted, allowed ?? []) ?? wanted;
    if (allowed && !allowed.includes(target))
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid}: its Redfish BMC cannot boot from ${device} (${target}); it offers ${allowed.join(', ')}.`,
      );
    const enabled = persistent ? 'Continuous' : 'Once';
    const mode = overrideMode(ctx, boot, efiboot);
    const patch = (withEnabled: string | null) =>
      sys.conn.patch(
        sys.systemPath,
        { Boot: { BootSourceOverrideTarget: target, ...(withEnabled ? { BootSourceOverrideEnabled: withEnabled } : {}), ...mode } },
        sys.etag,
      );
    // Most BMCs want BootSourceOverrideEnabled left out when it does not change; some want it
    // every time (quirks). Ironic does the same.
    const sendEnabled = sys.quirks.alwaysSendBootEnabled || boot.BootSourceOverrideEnabled !== enabled;
    try {
      await patch(sendEnabled ? enabled : null);
    } catch (err) {
      if (!persistent || !(err instanceof HardwareError)) throw err;
      // Continuous was dropped from recent Redfish and some BMCs refuse it: boot once instead,
      // as Ironic does, and say so.
      ctx.log.warn({ err: err.message, device }, 'the BMC refused a persistent boot device; set it for the next boot only');
      await sys.conn.patch(sys.systemPath, { Boot: { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: 'Once', ...mode } });
    }
  }

  async getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    const boot = bootOf(await this.systems.forNode(ctx));
    const enabled = boot.BootSourceOverrideEnabled;
    return {
      boot_device: deviceOfTarget(boot.BootSourceOverrideTarget),
      persistent: enabled === 'Continuous' ? true : enabled === 'Once' ? false : null,
    };
  }

  async getBootMode(ctx: NodeContext): Promise<BootMode | null> {
    const mode = bootOf(await this.systems.forNode(ctx)).BootSourceOverrideMode;
    return mode === 'UEFI' ? 'uefi' : mode === 'Legacy' ? 'bios' : null;
  }

  async setBootMode(ctx: NodeContext, mode: BootMode): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    await sys.conn.patch(sys.systemPath, { Boot: { BootSourceOverrideMode: BOOT_MODE_VALUES[mode] } }, sys.etag);
  }

  async setSecureBoot(ctx: NodeContext, enabled: boolean): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const path = idOf(sys.system.SecureBoot);
    if (!path)
      throw new UnsupportedDriverExtension(
        `Node ${ctx.node.uuid}: its Redfish BMC has no SecureBoot resource; secure boot cannot be changed.`,
      );
    const { etag } = await sys.conn.getWithEtag(path);
    await sys.conn.patch(path, { SecureBootEnable: enabled }, etag);
  }

  async injectNmi(ctx: NodeContext): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const allowed = await allowedResetTypes(sys);
    if (allowed && !allowed.includes('Nmi'))
      throw new UnsupportedDriverExtension(
        `Node ${ctx.node.uuid}: its Redfish BMC offers no "Nmi" ResetType (it offers ${allowed.join(', ')}).`,
      );
    await reset(sys, 'Nmi');
  }

  supportedIndicators(): SupportedIndicators {
    return INDICATORS;
  }

  async getIndicatorState(ctx: NodeContext, component: string, name: string): Promise<IndicatorState> {
    const sys = await this.systems.forNode(ctx);
    const path = this.indicatorPath(ctx, sys, component, name);
    return readIndicator(path === sys.systemPath ? sys.system : await sys.conn.get(path));
  }

  async setIndicatorState(ctx: NodeContext, component: string, name: string, state: IndicatorState): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const path = this.indicatorPath(ctx, sys, component, name);
    if (state === 'UNKNOWN')
      throw new InvalidParameterValue(`Indicator ${name}@${component} of node ${ctx.node.uuid} cannot be set to UNKNOWN.`);
    const { body, etag } = path === sys.systemPath ? { body: sys.system, etag: sys.etag } : await sys.conn.getWithEtag(path);
    await sys.conn.patch(path, writeIndicator(body, state), etag);
  }

  async getSensorsData(ctx: NodeContext): Promise<SensorsData> {
    return readSensors(ctx, await this.systems.forNode(ctx));
  }

  private indicatorPath(ctx: NodeContext, sys: RedfishSystem, component: string, name: string): string {
    if (!INDICATORS[component]?.[name]) {
      throw new InvalidParameterValue(`Node ${ctx.node.uuid} has no indicator ${name}@${component}; it has led@system and led@chassis.`);
    }
    if (component === 'system') return sys.systemPath;
    const chassis = (sys.system.Links as JsonObject | undefined)?.Chassis;
    const path = Array.isArray(chassis) ? idOf(chassis[0]) : null;
    if (!path)
      throw new UnsupportedDriverExtension(`Node ${ctx.node.uuid}: its Redfish system links no Chassis, so led@chassis is not available.`);
    return path;
  }
}

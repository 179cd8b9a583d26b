import type { BootMode } from '../../boot/boot-mode.js';
import type { NodeContext } from './task.js';

export type { BootMode } from '../../boot/boot-mode.js';
export type BootDevice = 'pxe' | 'disk' | 'cdrom' | 'bios' | 'safe' | 'wanboot' | 'usb' | 'uefi-http';
export const BOOT_MODES: readonly BootMode[] = ['uefi', 'bios'];

/** Indicator (LED) states, as Ironic names them. */
export type IndicatorState = 'ON' | 'OFF' | 'BLINKING' | 'UNKNOWN';
export const INDICATOR_STATES: readonly IndicatorState[] = ['ON', 'OFF', 'BLINKING', 'UNKNOWN'];

/** Component → indicator name → what it can show and whether it can be set. */
export type SupportedIndicators = Record<string, Record<string, { readonly: boolean; states: IndicatorState[] }>>;

/** One sensor's fields (Ironic's names: identity, reading_celsius, state, health, ...); null when unknown. */
export type SensorReading = Record<string, string | number | boolean | null>;

/**
 * Sensor readings as Ironic's get_sensors_data returns them: sensor type ("Fan", "Temperature",
 * "Power", "Drive") → sensor id ("<member>@<chassis id>") → its fields. A type the BMC does not
 * report is absent.
 */
export type SensorsData = Partial<Record<'Fan' | 'Temperature' | 'Power' | 'Drive', Record<string, SensorReading>>>;

/** Boot device and other out-of-band management. */
export interface ManagementInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  supportedBootDevices(ctx: NodeContext): BootDevice[];
  /**
   * `efiboot`: whether the device is booted in UEFI mode; when left out, the node's target boot
   * mode (core/boot/boot-mode.ts) decides, so a deploy's "boot from disk" boots the installed OS
   * in the mode it was installed for.
   */
  setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean, efiboot?: boolean): Promise<void>;
  /** `boot_device` is null when the BMC cannot tell; `persistent` null likewise. */
  getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }>;
  /** Sends a non-maskable interrupt (crash dump). Optional capability. */
  injectNmi?(ctx: NodeContext): Promise<void>;
  /**
   * Switches the firmware between UEFI and legacy BIOS boot. Optional capability. Returns a note
   * for the node's history when the change does not take effect at once (IPMI: at the next
   * boot-device change).
   */
  setBootMode?(ctx: NodeContext, mode: BootMode): Promise<string | void>;
  /** The boot mode the BMC will boot the node in, null when it cannot tell. Optional capability. */
  getBootMode?(ctx: NodeContext): Promise<BootMode | null>;
  /** Turns UEFI secure boot on or off. Optional capability. */
  setSecureBoot?(ctx: NodeContext, enabled: boolean): Promise<void>;
  /** The machine's indicators (LEDs). Optional capability, with the two below. */
  supportedIndicators?(ctx: NodeContext): SupportedIndicators;
  getIndicatorState?(ctx: NodeContext, component: string, name: string): Promise<IndicatorState>;
  setIndicatorState?(ctx: NodeContext, component: string, name: string, state: IndicatorState): Promise<void>;
  /** Current sensor readings (temperatures, fans, power supplies, drives). Optional capability. */
  getSensorsData?(ctx: NodeContext): Promise<SensorsData>;
}

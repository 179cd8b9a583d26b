// The one seam between the IPMI driver interfaces (power, management, vendor) and whatever talks
// to the BMC: the in-process RMCP+ client (core/ipmi/, the default) or an ipmitool child per call.
// `[ipmi] client = native | ipmitool` picks one; both pass the same interface tests against
// ipmi_sim. SOL stays on ipmitool (core/drivers/ipmitool/console.ts) whichever is chosen.
import type { Logger } from '../../log.js';
import type { BootDevice } from '../interfaces/management.js';
import type { PowerState } from '../interfaces/power.js';
import type { IpmiTarget } from './driver-info.js';

export type IpmiClientKind = 'native' | 'ipmitool';

export interface IpmiCallOptions {
  log: Logger;
  signal?: AbortSignal;
}

/** Chassis Control (IPMI 2.0 §28.3): power down, up, cycle, hard reset, diagnostic interrupt, soft (ACPI) off. */
export type ChassisControl = 'off' | 'on' | 'cycle' | 'reset' | 'diag' | 'soft';

/** The boot devices IPMI's boot flags parameter (§28.13, parameter 5) can force. */
export type IpmiBootDevice = Extract<BootDevice, 'pxe' | 'disk' | 'cdrom' | 'bios' | 'safe'>;

export interface BootFlags {
  boot_device: BootDevice | null;
  /** True: all future boots; false: next boot only; null: the BMC did not say (flags invalid). */
  persistent: boolean | null;
  /** True: EFI boot; false: legacy; null: unknown. */
  efi: boolean | null;
}

/** Get Device ID (§20.1). */
export interface DeviceId {
  device_id: number;
  device_revision: number;
  /** "major.minor", e.g. "1.5". */
  firmware_revision: string;
  /** "2.0". */
  ipmi_version: string;
  manufacturer_id: number;
  product_id: number;
}

/** A raw response: the completion code is checked by the client (non-zero throws HardwareError). */
export interface RawResponse {
  /** Response data after the completion code. */
  data: Buffer;
}

/**
 * Every call: serialised per BMC (address:port) with `[ipmi] min_command_interval_ms` between
 * commands, retried on transient failure within `[ipmi] command_retry_timeout`, and failing with a
 * HardwareError that names the BMC and what to check. Authentication failures are never retried
 * (BMCs lock accounts). Passwords and Kg keys never appear in errors or logs.
 */
export interface IpmiClient {
  readonly kind: IpmiClientKind;
  powerStatus(target: IpmiTarget, opts: IpmiCallOptions): Promise<PowerState>;
  chassisControl(target: IpmiTarget, action: ChassisControl, opts: IpmiCallOptions): Promise<void>;
  setBootDevice(
    target: IpmiTarget,
    device: IpmiBootDevice,
    flags: { persistent: boolean; efi: boolean },
    opts: IpmiCallOptions,
  ): Promise<void>;
  getBootDevice(target: IpmiTarget, opts: IpmiCallOptions): Promise<BootFlags>;
  deviceId(target: IpmiTarget, opts: IpmiCallOptions): Promise<DeviceId>;
  /** Vendor passthru: network function, command, request data. */
  raw(target: IpmiTarget, netfn: number, command: number, data: readonly number[], opts: IpmiCallOptions): Promise<RawResponse>;
  bmcReset(target: IpmiTarget, kind: 'warm' | 'cold', opts: IpmiCallOptions): Promise<void>;
  /** Closes every open session (the native client sends Close Session) and releases resources. */
  close(): Promise<void>;
}

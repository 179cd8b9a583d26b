// The simulator's public contract (fixed in the helpers' common brief): options, the live machine
// state tests read and change, and the handle a test or bench holds.

export type PowerState = 'On' | 'Off';

/** The ResetType values the sim advertises in ResetActionInfo and accepts. */
export const RESET_TYPES = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'PushPowerButton'] as const;
export type ResetType = (typeof RESET_TYPES)[number];

export const BOOT_TARGETS = ['None', 'Pxe', 'Hdd', 'Cd', 'BiosSetup', 'Usb', 'UefiHttp'] as const;
export type BootTarget = (typeof BOOT_TARGETS)[number];
export const BOOT_ENABLED = ['Disabled', 'Once', 'Continuous'] as const;
export type BootEnabled = (typeof BOOT_ENABLED)[number];
export const BOOT_MODES = ['Legacy', 'UEFI'] as const;
export type BootMode = (typeof BOOT_MODES)[number];

export interface SimDisk {
  /** Drive id in Storage/1/Drives (also its Name). */
  id: string;
  capacityBytes: number;
  mediaType: 'HDD' | 'SSD';
  serial: string;
}

export interface SimMachineSpec {
  cpus: number;
  coresPerCpu: number;
  arch: 'x86-64' | 'ARM';
  cpuModel: string;
  memoryMb: number;
  disks: SimDisk[];
  /** NIC MAC addresses, lower case, one EthernetInterface each. */
  nics: string[];
  manufacturer: string;
  model: string;
  serialNumber: string;
  uuid: string;
  /** The firmware the machine starts with (a lab VM's qemu.conf); absent: UEFI, Secure Boot off. */
  firmware?: { mode: BootMode; secureBoot: boolean };
}

export interface SimVolume {
  id: string;
  name: string;
  raidType: string;
  capacityBytes: number;
  /** Drive ids (Storage/1/Drives/<id>). */
  drives: string[];
}

export interface SimMachineState {
  powerState: PowerState;
  bootOverride: { target: BootTarget; enabled: BootEnabled; mode: BootMode };
  /** What the last power-on or restart booted from (an override, or 'Hdd' when none). */
  lastBoot: { target: BootTarget; mode: BootMode } | null;
  /** Power-ons and restarts so far. */
  boots: number;
  nmis: number;
  indicatorLed: 'Lit' | 'Blinking' | 'Off';
  locationIndicatorActive: boolean;
  secureBootEnable: boolean;
  /** Whether the last boot ran with secure boot (SecureBootEnable takes effect at a boot). */
  secureBootCurrentBoot: boolean;
  media: { inserted: boolean; image: string | null; writeProtected: boolean; bytes: number };
  bios: { attributes: Record<string, string | number | boolean>; pending: Record<string, string | number | boolean> };
  volumes: SimVolume[];
  firmware: { BMC: string; BIOS: string };
}

export interface RedfishSimOptions {
  /** memory (default): a machine kept in memory; qemu: the lab VM of `dir`. */
  mode?: 'memory' | 'qemu';
  /** qemu mode: the lab node dir (qemu.conf; qemu-hook.sh drives the VM). */
  dir?: string;
  /** Default true: HTTPS with a self-signed cert (PEM at sim.caFile). */
  tls?: boolean;
  /** Default: a free one on 127.0.0.1. */
  port?: number;
  username?: string;
  password?: string;
  /** Memory-mode inventory. */
  machine?: Partial<SimMachineSpec>;
  /** Manufacturer string (for quirk tests); default "Tyr Lab". */
  vendor?: string;
  /** Where the shared self-signed certificate lives; default a per-user dir under the temp dir. */
  certDir?: string;
  /**
   * Open sessions the BMC allows (default 32, like real BMCs' small tables): one more login is
   * refused with 503 SessionLimitExceeded, so a client that leaks sessions locks itself out here too.
   */
  maxSessions?: number;
}

export interface SimFaults {
  /** Answers the next `count` requests with `status` (default 503) and Retry-After when given. */
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  /** Invalidates every session token: the next call with one gets 401. */
  dropSessions(): void;
}

export interface SimStats {
  sessionsOpened: number;
  sessionsClosed: number;
  requests: number;
}

export interface RedfishSim {
  /** "https://127.0.0.1:<port>" (no trailing slash). */
  url: string;
  caFile?: string;
  username: string;
  password: string;
  systemId: string;
  /** driver_info for a `redfish` node pointing at this sim. */
  driverInfo(): Record<string, string>;
  state: SimMachineState;
  faults: SimFaults;
  stats: SimStats;
  stop(): Promise<void>;
}

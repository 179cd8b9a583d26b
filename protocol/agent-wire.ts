// The wire shapes of the agent protocol (docs/agent-protocol.md, IPA-compatible): what the agent
// sends (lookup, heartbeat, inventory) and what its command API answers. One copy for both sides;
// it lives in protocol/ because the agent's bundle may pull nothing from core/.

export interface LookupResponse {
  /** Only what the agent needs to start, secrets masked; secrets come through commands. */
  node: {
    uuid: string;
    properties?: Record<string, unknown>;
    instance_info?: Record<string, unknown>;
  };
  config: {
    heartbeat_timeout: number;
    /** "******" when the core already handed this boot's token out once. */
    agent_token: string;
    agent_token_required?: boolean;
  };
}

export type AgentStatus = 'start' | 'end' | 'error' | null;

export interface HeartbeatBody {
  callback_url: string;
  agent_token: string;
  agent_version: string;
  agent_status: AgentStatus;
  agent_status_message?: string;
  /** The PEM certificate of the agent's HTTPS command API (IPA's automatic TLS). */
  agent_verify_ca: string;
  /** Tyr extension: only on the first heartbeat of a boot. */
  inventory?: Inventory;
  /** Tyr extension: while a long command (image write, erase) runs. */
  progress?: Progress;
}

/** A long command's progress, sent on heartbeats (docs/agent-protocol.md, "Tyr's extensions to the heartbeat"). */
export interface Progress {
  command: string;
  bytes_written: number;
  total_bytes: number | null;
  mb_per_s: number;
}

export type CommandStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface CommandError {
  type: string;
  message: string;
  code: number;
  details: string;
}

export interface CommandResult {
  id: string;
  command_name: string;
  command_params: Record<string, unknown>;
  command_status: CommandStatus;
  command_error: CommandError | null;
  command_result: Record<string, unknown> | null;
}

export interface CpuInfo {
  model_name: string;
  frequency: string;
  count: number;
  architecture: string;
  flags: string[];
}

export interface MemoryInfo {
  total: number;
  physical_mb: number;
}

export interface DiskInfo {
  name: string;
  model: string | null;
  size: number;
  rotational: boolean;
  wwn: string | null;
  serial: string | null;
  vendor: string | null;
  by_path: string | null;
}

export interface InterfaceInfo {
  name: string;
  mac_address: string;
  ipv4_address: string | null;
  ipv6_address: string | null;
  has_carrier: boolean;
  speed_mbps: number | null;
  driver: string | null;
  pci_address: string | null;
  product: string | null;
  vendor: string | null;
}

export interface PciDevice {
  vendor_id: string;
  product_id: string;
  class: string;
  revision: string | null;
  bus: string;
  vendor_name: string | null;
  device_name: string | null;
}

export interface Inventory {
  cpu: CpuInfo;
  memory: MemoryInfo;
  disks: DiskInfo[];
  interfaces: InterfaceInfo[];
  system_vendor: {
    product_name: string | null;
    serial_number: string | null;
    manufacturer: string | null;
    firmware: { vendor: string | null; version: string | null; build_date: string | null };
  };
  /**
   * secure_boot is a Tyr extension (IPA reports no such key): whether the firmware booted this
   * ramdisk with Secure Boot on, from the SecureBoot EFI variable; absent under BIOS.
   */
  boot: { current_boot_mode: 'bios' | 'uefi'; pxe_interface: string | null; secure_boot?: boolean };
  bmc_address: string | null;
  pci_devices: PciDevice[];
}

// Tyr's configuration: one typed object in sections. Every option has a default and help text;
// an option with a `flag` is also a command-line flag. Every option is readable from the
// environment as TYR_<SECTION>_<NAME>, and flagged ones also as TYR_<FLAG>. The loader
// (config-load.ts) validates the whole object, cross-field rules included, then freezes it.
import os from 'node:os';

interface BaseSpec {
  help: string;
  /** Long command-line flag, without the dashes. */
  flag?: string;
}
export interface StringSpec extends BaseSpec {
  type: 'string';
  default: string;
}
export interface IntSpec extends BaseSpec {
  type: 'int';
  default: number;
  min: number;
  max: number;
}
export interface NumberSpec extends BaseSpec {
  type: 'number';
  default: number;
  min: number;
  max: number;
}
export interface BoolSpec extends BaseSpec {
  type: 'bool';
  default: boolean;
}
export interface EnumSpec<C extends string = string> extends BaseSpec {
  type: 'enum';
  default: C;
  choices: readonly C[];
}
export type OptionSpec = StringSpec | IntSpec | NumberSpec | BoolSpec | EnumSpec;

const str = (def: string, help: string, flag?: string): StringSpec => ({ type: 'string', default: def, help, flag });
const int = (def: number, help: string, min = 0, max = 2 ** 31 - 1, flag?: string): IntSpec => ({
  type: 'int',
  default: def,
  help,
  min,
  max,
  flag,
});
const bool = (def: boolean, help: string, flag?: string): BoolSpec => ({ type: 'bool', default: def, help, flag });
const oneOf = <C extends string>(choices: readonly C[], def: C, help: string, flag?: string): EnumSpec<C> => ({
  type: 'enum',
  default: def,
  help,
  choices,
  flag,
});

export const CONFIG_SCHEMA = {
  service: {
    data_dir: str('./var', 'Directory for the SQLite database, boot files, images and lab state.', 'data-dir'),
    log_level: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, 'info', 'Log level.', 'log-level'),
    host: str(os.hostname(), 'Name this process registers under as a conductor.', 'host'),
  },
  api: {
    host: str('127.0.0.1', 'Address the REST API binds to.', 'api-host'),
    port: int(6385, 'TCP port of the REST API.', 0, 65535, 'api-port'),
    public_url: str('', 'URL that agents and boot scripts use to reach the API (default: http://<host>:<port>).'),
    auth_strategy: oneOf(['noauth', 'http_basic'] as const, 'noauth', 'How API callers authenticate.', 'auth-strategy'),
    htpasswd_file: str('', 'htpasswd file with bcrypt hashes, required by http_basic.'),
    reader_users: str('', 'Comma-separated users of the htpasswd file that get the read-only role.'),
    login_failures_per_minute: int(
      10,
      'Failed http_basic logins one source (an IPv4 address, an IPv6 /64) may make per minute; more get 429 with Retry-After, before any password check runs.',
      1,
      100000,
    ),
    max_limit: int(1000, 'Largest page a list request may ask for, and the default page size.', 1, 100000),
    ui_stream_max_clients: int(
      200,
      'Browsers one API process streams node changes to at once (GET /ui/api/stream); more get 503.',
      1,
      100000,
    ),
  },
  http: {
    headers_timeout: int(
      10,
      "Seconds a client may take to send a request's headers to the API, boot or RPC server; a slower one (a slowloris) is disconnected.",
      1,
      600,
    ),
    request_timeout: int(
      60,
      'Seconds a client may take to send a whole request, headers and body; at least http.headers_timeout.',
      1,
      3600,
    ),
    max_connections_per_source: int(
      32,
      "Connections one source address may hold open to the public endpoints: the boot HTTP server, and the agent's lookup, heartbeat and continue_inspection on the API. More get 503 and are closed (0: no cap).",
      0,
      100000,
    ),
  },
  database: {
    url: str(
      '',
      'sqlite:<path> (embedded; default sqlite:<data_dir>/tyr.sqlite) or postgres://user:pass@host:port/db. A URL with a password belongs in TYR_DB or a file (--db @FILE), not in argv.',
      'db',
    ),
    sqlite_synchronous: oneOf(
      ['full', 'normal'] as const,
      'normal',
      'SQLite fsync policy. normal (WAL synced at checkpoints): survives a process crash (kill -9), stays consistent after power loss but may lose the last commits on an OS crash or power loss; full fsyncs every commit (survives power loss, ~4-5 ms per write).',
    ),
  },
  conductor: {
    heartbeat_interval: int(10, 'Seconds between conductor heartbeats.', 1, 3600),
    heartbeat_timeout: int(60, 'Seconds without a heartbeat after which a conductor counts as dead.', 2, 86400),
    conductor_group: str('', 'Conductor group this conductor serves.'),
    workers_pool_size: int(100, 'Background tasks that may run at once; more get 503 NoFreeConductorWorker.', 1, 10000),
    node_locked_retry_attempts: int(3, 'Attempts to take a node lock before answering NodeLocked.', 1, 100),
    node_locked_retry_interval_ms: int(200, 'Milliseconds between node lock attempts.', 1, 60000),
    sync_power_state_interval: int(60, 'Seconds between power-state sync passes (0 disables).', 0, 86400),
    sync_power_state_workers: int(8, 'BMC queries a sync pass may run at once.', 1, 1000),
    force_power_state_during_sync: bool(true, 'On a mismatch, force the recorded power state (true) or adopt the real one (false).'),
    power_failure_maintenance_threshold: int(
      3,
      'Consecutive BMC failures that put a node in maintenance with fault "power failure".',
      1,
      1000,
    ),
    power_state_change_timeout: int(60, 'Seconds to wait for a power change to be reached.', 1, 3600),
    check_provision_state_interval: int(60, 'Seconds between wait-state timeout checks.', 1, 86400),
    deploy_callback_timeout: int(1800, 'Seconds a node may wait in "wait call-back" (0 disables).', 0, 604800),
    inspect_wait_timeout: int(1800, 'Seconds a node may wait in "inspect wait" (0 disables).', 0, 604800),
    clean_callback_timeout: int(1800, 'Seconds a node may wait in "clean wait" (0 disables).', 0, 604800),
    rescue_callback_timeout: int(1800, 'Seconds a node may wait in "rescue wait" (0 disables).', 0, 604800),
    automated_clean: bool(true, 'Run automated cleaning on undeploy and provide.'),
    fake_action_delay_ms: int(0, 'Artificial delay of fake interfaces (tests and benchmarks).', 0, 3600000),
    erase_devices_metadata_priority: int(99, 'Priority of the automated clean step erase_devices_metadata (0 disables).', 0, 1000),
    erase_devices_priority: int(0, 'Priority of the automated clean step erase_devices, which zeroes whole disks (0 disables).', 0, 1000),
    agent_command_poll_interval_ms: int(
      2000,
      'Milliseconds between polls of a running agent command (image write, clean step).',
      10,
      60000,
    ),
    agent_power_off_wait: int(30, 'Seconds to wait for the agent to power the machine off itself before the BMC forces it.', 0, 600),
    hash_ring_partitions: int(32, 'Points each conductor takes on the hash ring (scale-out); more spread nodes more evenly.', 1, 4096),
    hash_ring_reset_interval: int(15, 'Seconds a process keeps its copy of the hash ring before re-reading the live conductors.', 1, 3600),
  },
  rpc: {
    host: str('127.0.0.1', "Address a conductor's internal RPC endpoint binds to (tyr conductor).", 'rpc-host'),
    port: int(6388, "TCP port of a conductor's internal RPC endpoint (0: ephemeral).", 0, 65535, 'rpc-port'),
    public_url: str('', "URL API processes use to reach this conductor's RPC endpoint (default: http://<host>:<port>)."),
    // No flag on purpose: a secret in argv is visible to every user of the host. Set TYR_RPC_SECRET.
    secret: str(
      '',
      'Shared secret API and conductor processes authenticate RPC calls with (env TYR_RPC_SECRET); required by tyr api and tyr conductor.',
    ),
    timeout_ms: int(30000, 'Milliseconds an API process waits for a conductor to answer a call.', 100, 600000),
    retries: int(2, 'Times an API process retries a call whose conductor could not be reached (the ring is re-read first).', 0, 10),
  },
  metrics: {
    // Off by default: /metrics on the API port (behind its auth) is enough for most; this listener
    // is for a Prometheus scraper on a trusted network, and for conductor processes (no API port).
    port: int(
      0,
      'TCP port of a separate, unauthenticated /metrics listener for a scraper on a trusted network (0: disabled).',
      0,
      65535,
      'metrics-port',
    ),
    host: str(
      '127.0.0.1',
      'Address the separate /metrics listener binds to (keep it on a trusted network: it takes no credentials).',
      'metrics-host',
    ),
  },
  ipmi: {
    command_timeout: int(15, 'Seconds before an ipmitool call is killed.', 1, 600),
    command_retry_timeout: int(60, 'Seconds a node may spend retrying transient IPMI errors for one operation.', 0, 3600),
    min_command_interval_ms: int(500, 'Minimum milliseconds between two commands to the same BMC.', 0, 60000),
    ipmitool_path: str('ipmitool', 'The ipmitool executable.'),
    client: oneOf(
      ['native', 'ipmitool'] as const,
      'native',
      'How Tyr talks IPMI: "native" (in-process RMCP+, IPMI 2.0 cipher suites 3 and 17; other targets fall back to ipmitool) or "ipmitool" (a child per call).',
    ),
  },
  redfish: {
    max_in_flight_per_bmc: int(
      2,
      'Redfish requests one BMC may have in flight at once (small BMCs drop sessions when pushed harder).',
      1,
      64,
    ),
    max_in_flight: int(100, 'Redfish requests in flight at once across every BMC.', 1, 100000),
    session_idle_seconds: int(300, 'Seconds an unused Redfish session stays open before it is deleted on the BMC.', 1, 86400),
    retry_attempts: int(5, 'Attempts at one Redfish request on 5xx, connection errors and Retry-After (1: no retry).', 1, 20),
    retry_base_delay_ms: int(500, 'First delay between Redfish retries; it doubles on each retry.', 0, 60000),
    retry_max_delay_seconds: int(30, 'Longest wait between Redfish retries, Retry-After included.', 0, 600),
    auth_failure_hold_seconds: int(
      60,
      'Seconds a refused Redfish login is remembered per BMC and user, so callers do not hammer it (BMCs lock accounts out).',
      0,
      3600,
    ),
    power_poll_interval_ms: int(1000, 'Milliseconds between power state reads while waiting for a Redfish power change.', 10, 60000),
    task_poll_interval_ms: int(1000, 'Milliseconds between two reads of a Redfish task (firmware updates) while it runs.', 10, 60000),
    task_timeout_seconds: int(
      1800,
      'Seconds a Redfish task (a firmware update) may run before Tyr gives up on it and fails the step.',
      1,
      86400,
    ),
  },
  boot: {
    http_host: str('127.0.0.1', 'Address the HTTP boot server binds to.', 'boot-http-host'),
    http_port: int(8080, 'Port of the HTTP boot server (iPXE scripts, kernels, images).', 0, 65535, 'boot-http-port'),
    public_url: str('', 'URL machines use to reach the HTTP boot server (default: http://<host>:<port>).'),
    tftp_port: int(69, 'TFTP port for the iPXE binaries (0 disables TFTP).', 0, 65535, 'tftp-port'),
    tftp_root: str(
      '',
      "The loader directory (TFTP root, and /efi/ over HTTP): undionly.kpxe, snponly.efi, shimx64.efi, grubx64.efi (default: <data_dir>/tftp, assembled at start from Debian's ipxe, shim-signed and grub-efi-amd64-signed).",
    ),
    shim_efi: str(
      '/usr/lib/shim/shimx64.efi.signed',
      'Signed shim copied into the assembled loader directory as shimx64.efi (Secure Boot; package shim-signed; empty: no Secure Boot network boot).',
    ),
    grub_efi: str(
      '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed',
      'Signed network GRUB copied into the assembled loader directory as grubx64.efi (Secure Boot; package grub-efi-amd64-signed).',
    ),
    grub_cd_efi: str(
      '/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed',
      "Signed CD GRUB in the virtual-media ISO's UEFI boot image, after shim_efi (package grub-efi-amd64-signed).",
    ),
    http_root: str('', 'Directory served under /files/ by the HTTP boot server: kernels, ramdisks, images (default: <data_dir>/boot).'),
    dhcp_mode: oneOf(['external', 'dnsmasq'] as const, 'external', 'Whether Tyr runs dnsmasq itself.'),
    deploy_kernel: str('', 'Default deploy kernel (file under the boot root, or URL).'),
    deploy_ramdisk: str('', 'Default deploy ramdisk (file under the boot root, or URL).'),
    dhcp_interface: str('', 'Interface dnsmasq serves DHCP on when dhcp_mode is dnsmasq (e.g. br-prov).', 'dhcp-interface'),
    dhcp_range: str('', 'dnsmasq DHCP range: <first>,<last>[,<netmask>][,<lease time>], e.g. 10.0.0.100,10.0.0.200,12h.', 'dhcp-range'),
    dhcp_ipv6_ra: bool(
      false,
      'Send IPv6 router advertisements on dhcp_interface (it needs an fd00:: address); without RA iPXE waits ~13 s.',
    ),
    dnsmasq_path: str('dnsmasq', 'The dnsmasq executable for dhcp_mode dnsmasq (Debian package dnsmasq-base).'),
    tftp_address: str(
      '',
      'IPv4 address machines fetch the iPXE binary from over TFTP, the DHCP next-server (default: the host of public_url).',
    ),
  },
  discovery: {
    enabled: bool(false, 'Boot unknown MACs into the discovery ramdisk and enroll what reports back.', 'discovery'),
    default_driver: str('ipmi', 'Hardware type of auto-discovered nodes.'),
    name_pattern: str('discovered-{mac}', 'Name of auto-discovered nodes; {mac} is the first MAC without colons.'),
    auto_enroll: bool(false, 'Move discovered nodes to manageable straight away.'),
    auto_provide: bool(false, 'Also make discovered nodes available (implies auto_enroll).'),
    max_new_nodes_per_minute: int(60, 'Rate cap on nodes created by discovery.', 1, 100000),
    ports_without_carrier: bool(false, 'Also create ports for NICs without carrier on discovered nodes.'),
  },
  inspection: {
    add_ports: oneOf(
      ['none', 'pxe', 'all'] as const,
      'pxe',
      'Ports inspection creates for NICs no port knows yet: none, the PXE NIC, or every NIC with carrier.',
    ),
    rules_file: str(
      '',
      'JSON file with a list of inspection rules {conditions, actions}, applied before the rules stored through the API.',
    ),
    inventory_history: int(
      2,
      'Older inventories kept per node besides the latest; each stored inventory prunes the ones beyond (0 keeps only the latest).',
      0,
      100,
    ),
    max_callback_bytes: int(
      8 * 1024 * 1024,
      'Largest body POST /v1/continue_inspection reads (bytes); larger is refused with 413. A stock IPA adds its base64 logs (not stored) to the inventory and plugin data.',
      64 * 1024,
      64 * 1024 * 1024,
    ),
    max_plugin_data_bytes: int(
      256 * 1024,
      'Largest plugin_data (serialised JSON, bytes) POST /v1/continue_inspection accepts; larger is refused with 413.',
      1024,
      1024 * 1024,
    ),
    max_callbacks_per_node_per_minute: int(
      6,
      'Rate cap on POST /v1/continue_inspection for one node waiting for inspection (429 with Retry-After beyond it).',
      1,
      100000,
    ),
    max_callbacks_per_source_per_minute: int(
      60,
      'Rate cap on POST /v1/continue_inspection from one source address, accepted or refused (429 with Retry-After beyond it).',
      1,
      100000,
    ),
  },
  console: {
    port_range: str('10000:10099', 'TCP ports <first>:<last> handed out to node serial consoles (one per enabled console).'),
    host: str(
      '127.0.0.1',
      'Loopback address (127.x.x.x or ::1) the per-node raw console TCP ports bind to, for local tools (socat, telnet, a local nova-serialproxy). They have no authentication, so other addresses are refused: remote clients use the authenticated WebSocket /v1/nodes/{node}/console/ws (tyr node console).',
    ),
    public_host: str('', 'Host name put in console_info URLs (default: console.host), e.g. when a local proxy forwards the ports.'),
    replay_bytes: int(65536, 'Recent console output replayed to a client that attaches.', 0, 16 * 1024 * 1024),
  },
  nova: {
    send_power_notifications: bool(
      true,
      'Tell Nova (os-server-external-events, "power-update") when the power of a node with an instance changes, so Nova need not wait for its own sync. Needs url.',
    ),
    url: str('', 'Nova compute API endpoint, e.g. http://nova.example:8774/v2.1. Empty: no notifications are sent (logged once).'),
    auth_type: oneOf(
      ['none', 'http_basic', 'token'] as const,
      'none',
      'How Tyr authenticates to Nova: none, http_basic (username, password) or token (a fixed X-Auth-Token).',
    ),
    username: str('', 'User for auth_type http_basic.'),
    // No flag for the two secrets: argv is visible to every user of the host. Use the environment.
    password: str('', 'Password for auth_type http_basic (env TYR_NOVA_PASSWORD).'),
    token: str('', 'Token for auth_type token (env TYR_NOVA_TOKEN).'),
    timeout_ms: int(10000, 'Milliseconds to wait for Nova to answer a notification.', 100, 600000),
  },
  drivers: {
    modules: str(
      '',
      'Comma-separated paths of vendor driver modules to load (hardware types and implementations); see core/drivers/README.md.',
    ),
  },
} as const;

type Schema = typeof CONFIG_SCHEMA;
type ValueOf<S> =
  S extends EnumSpec<infer C>
    ? C
    : S extends { default: infer D }
      ? D extends string
        ? string
        : D extends number
          ? number
          : D extends boolean
            ? boolean
            : never
      : never;

export type Config = {
  readonly [Section in keyof Schema]: { readonly [Key in keyof Schema[Section]]: ValueOf<Schema[Section][Key]> };
};
export type SectionName = keyof Schema;

// The agent's settings come from the kernel command line that Tyr's iPXE script writes:
//   ipa-api-url=<core> BOOTIF=01-<mac> tyr-mode=deploy|rescue|discovery tyr-node-uuid=<uuid>
//   [ipa-advertise-host=<host>] [ipa-advertise-port=<port>] [ipa-listen-port=<port>]
import fs from 'node:fs';

export type AgentMode = 'deploy' | 'rescue' | 'discovery';

export interface AgentArgs {
  apiUrl: string;
  /** MAC of the interface the machine PXE booted from, lower case with colons. */
  bootifMac: string | null;
  mode: AgentMode;
  nodeUuid: string | null;
  advertiseHost: string | null;
  advertisePort: number | null;
  listenPort: number;
}

export const DEFAULT_LISTEN_PORT = 9999;
const MODES: readonly AgentMode[] = ['deploy', 'rescue', 'discovery'];

export class CmdlineError extends Error {}

export function cmdlinePath(): string {
  return process.env.TYR_AGENT_CMDLINE_FILE ?? '/proc/cmdline';
}

/** Splits a kernel command line into key → value; double quotes group words as the kernel does. */
export function splitCmdline(text: string): Map<string, string> {
  const args = new Map<string, string>();
  const words = text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? '' : word.slice(eq + 1).replace(/"/g, '');
    args.set(key, value); // the last occurrence wins, as for kernel parameters
  }
  return args;
}

/** BOOTIF is pxelinux/iPXE style: "01-aa-bb-cc-dd-ee-ff" (01 = Ethernet hardware type). */
export function parseBootif(value: string): string | null {
  const hex = value.toLowerCase().replace(/[-:]/g, '');
  const mac = hex.length === 14 && hex.startsWith('01') ? hex.slice(2) : hex;
  if (!/^[0-9a-f]{12}$/.test(mac)) return null;
  return mac.match(/../g)!.join(':');
}

function port(args: Map<string, string>, key: string): number | null {
  const raw = args.get(key);
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new CmdlineError(`${key}=${raw} is not a TCP port (1-65535): fix the node's kernel_append_params`);
  }
  return n;
}

export function parseCmdline(text: string): AgentArgs {
  const args = splitCmdline(text);
  const apiUrl = args.get('ipa-api-url');
  if (!apiUrl || !/^https?:\/\/[^\s/]/.test(apiUrl)) {
    throw new CmdlineError(
      `the kernel command line has no usable ipa-api-url (got ${JSON.stringify(apiUrl ?? null)}): boot the ramdisk through Tyr's boot script`,
    );
  }
  const modeRaw = args.get('tyr-mode') ?? 'deploy';
  if (!(MODES as readonly string[]).includes(modeRaw)) {
    throw new CmdlineError(`tyr-mode=${modeRaw} is not one of ${MODES.join(', ')}`);
  }
  const bootif = args.get('BOOTIF');
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    bootifMac: bootif ? parseBootif(bootif) : null,
    mode: modeRaw as AgentMode,
    nodeUuid: args.get('tyr-node-uuid') || null,
    advertiseHost: args.get('ipa-advertise-host') || null,
    advertisePort: port(args, 'ipa-advertise-port'),
    listenPort: port(args, 'ipa-listen-port') ?? DEFAULT_LISTEN_PORT,
  };
}

export function readCmdline(file = cmdlinePath()): AgentArgs {
  return parseCmdline(fs.readFileSync(file, 'utf8'));
}

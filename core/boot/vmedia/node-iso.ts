// Each node's virtual-media ISO, kept under the HTTP boot root (boot.http_root, by default
// <data_dir>/boot) in vmedia/, so Tyr's boot server serves it at <boot URL>/files/vmedia/<name>
// and nothing outside its root is ever handed out. The name holds a hash of everything the ISO
// is made of (kernel, ramdisk, command line, config drive, boot mode, the signed UEFI loaders):
// an unchanged node reuses its ISO, a changed one gets a new name (so a BMC that caches by URL
// cannot boot a stale one), and the node's older ISOs are deleted. cleanUp removes them all.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config.js';
import { apiPublicUrl, bootPublicUrl } from '../../config-load.js';
import type { Node } from '../../db/types.js';
import { InvalidParameterValue } from '../../errors.js';
import type { Logger } from '../../log.js';
import { asBadRequest } from '../../shape-errors.js';
import { hasNetworkData, parseNetworkData } from '../../../protocol/network-data.js';
import { targetBootMode } from '../boot-mode.js';
import { isSafeBootReference } from '../boot-refs.js';
import { CONFIG_DRIVE_LABEL, type ConfigDriveDocument } from '../config-drive-tree.js';
import { httpBootRoot } from '../http-root.js';
import { ramdiskReference } from '../ramdisk-choice.js';
import { ramdiskKernelArgs } from '../ramdisk-kernel-args.js';
import { bootIsoTools, buildBootIso, type BootIsoSpec, type BootIsoTools } from './boot-iso.js';
import { efiLoadersFingerprint } from './efi-boot-image.js';
import { isoInput } from './iso-inputs.js';

export const VMEDIA_DIR = 'vmedia';
/** The label when the ISO carries no network plan: the agent then uses DHCP as after a PXE boot. */
const PLAIN_LABEL = 'TYR_RAMDISK';

export interface NodeIsoRequest {
  node: Node;
  config: Config;
  log: Logger;
  purpose: 'deploy' | 'rescue' | 'inspect' | 'clean';
  tools?: BootIsoTools;
}

export interface NodeIso {
  url: string;
  /** Path under the boot root, e.g. "vmedia/<uuid>-<hash>.iso". */
  file: string;
  reused: boolean;
}

/** The node's network plan, checked: a bad one is a 400 naming the node and the entry. */
export function nodeNetworkData(node: Node): Record<string, unknown> | undefined {
  if (!hasNetworkData(node.network_data)) return undefined;
  asBadRequest(
    () => parseNetworkData(node.network_data),
    `Node ${node.uuid} has a network_data the ramdisk cannot apply; fix it with "baremetal node set --network-data"`,
  );
  return node.network_data;
}

const nodePrefix = (node: Node) => `${node.uuid}-`;

async function removeIsos(dir: string, node: Node, keep?: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => n.startsWith(nodePrefix(node)) && n.endsWith('.iso') && n !== keep);
  await Promise.all(stale.map((n) => fs.rm(path.join(dir, n), { force: true })));
  return stale;
}

/** Builds (or reuses) the node's ISO and returns the URL its BMC fetches it from. */
export async function prepareNodeIso(req: NodeIsoRequest): Promise<NodeIso> {
  const { node, config, log } = req;
  const kind = req.purpose === 'rescue' ? 'rescue' : 'deploy';
  const root = httpBootRoot(config);
  const networkData = nodeNetworkData(node);
  const bootMode = targetBootMode(node);
  const kernel = await isoInput(node.uuid, ramdiskReference(kind, 'kernel', node, config), root);
  const ramdisk = await isoInput(node.uuid, ramdiskReference(kind, 'ramdisk', node, config), root);
  const kernelArgs = ramdiskKernelArgs({ apiUrl: apiPublicUrl(config), kind, node });
  const configDrive: ConfigDriveDocument = networkData ? { network_data: networkData } : {};
  const label = networkData ? CONFIG_DRIVE_LABEL : PLAIN_LABEL;
  const tools = req.tools ?? bootIsoTools(config);
  const loaders = await efiLoadersFingerprint(tools);
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([kernel.fingerprint, ramdisk.fingerprint, kernelArgs, configDrive, label, bootMode, loaders]))
    .digest('hex')
    .slice(0, 20);
  const name = `${nodePrefix(node)}${key}.iso`;
  const dir = path.join(root, VMEDIA_DIR);
  const file = `${VMEDIA_DIR}/${name}`;
  const url = `${bootPublicUrl(config)}/files/${file}`;
  const target = path.join(dir, name);
  await fs.mkdir(dir, { recursive: true });
  if (
    await fs.stat(target).then(
      (s) => s.isFile(),
      () => false,
    )
  ) {
    log.info({ iso: file }, 'virtual media: the node ISO is unchanged, reusing it');
    return { url, file, reused: true };
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tyr-vmedia-'));
  try {
    const spec: BootIsoSpec = {
      nodeUuid: node.uuid,
      kernel: await kernel.localFile(workDir),
      ramdisk: await ramdisk.localFile(workDir),
      kernelArgs,
      configDrive,
      label,
      bootMode,
      workDir,
    };
    // Built beside its final place and renamed, so the boot server never serves half an ISO.
    const partial = path.join(dir, `.${name}.partial`);
    try {
      await buildBootIso(spec, partial, tools);
      await fs.rename(partial, target);
    } finally {
      await fs.rm(partial, { force: true });
    }
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  const removed = await removeIsos(dir, node, name);
  log.info({ iso: file, label, network_data: !!networkData, removed }, 'virtual media: built the node ISO');
  return { url, file, reused: false };
}

/** Deletes every ISO of the node. */
export async function removeNodeIsos(config: Config, node: Node): Promise<string[]> {
  return removeIsos(path.join(httpBootRoot(config), VMEDIA_DIR), node);
}

/** A prebuilt ISO the operator names (driver_info/deploy_iso or rescue_iso): a URL, or a file under the boot root. */
export function prebuiltIsoUrl(config: Config, node: Node, purpose: NodeIsoRequest['purpose']): string | undefined {
  const keys = purpose === 'rescue' ? ['rescue_iso', 'deploy_iso'] : ['deploy_iso'];
  for (const key of keys) {
    const value = node.driver_info[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !isSafeBootReference(value)) {
      throw new InvalidParameterValue(
        `Node ${node.uuid}: driver_info/${key} must be an http(s) URL or a file under the boot root, got ${JSON.stringify(value)}.`,
      );
    }
    return /^https?:\/\//.test(value) ? value : `${bootPublicUrl(config)}/files/${value.replace(/^\/+/, '')}`;
  }
  return undefined;
}

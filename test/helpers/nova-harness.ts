// A real `tyr server` process (temp SQLite, fake-hardware nodes) and the Nova shim in this
// process in front of it, with a small JSON helper for calling the shim as the adapter does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/client.js';
import type { ApiNode } from '../../client/types.js';
import { baremetalNodesRouter } from '../../api-extension/router.js';
import { SHIM_DEFAULTS, startShim, type RunningShim, type ShimConfig } from '../../driver/server.js';
import { startTyrServer, type TyrProcess } from './tyr-process.js';

export interface Reply {
  status: number;
  body: any;
}

export interface NovaStack {
  core: TyrProcess;
  client: TyrClient;
  shim: RunningShim;
  call(method: string, p: string, body?: unknown): Promise<Reply>;
  stop(): Promise<void>;
}

export async function callJson(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(base + p, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

export async function startNovaStack(shimOpts: Partial<ShimConfig> = {}): Promise<NovaStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-nova-'));
  const core = await startTyrServer(['--data-dir', dataDir], { TYR_LOG_LEVEL: 'warn' });
  const client = new TyrClient({ url: core.url });
  let shim: RunningShim;
  try {
    shim = await startShim({
      ...SHIM_DEFAULTS,
      port: 0,
      coreUrl: core.url,
      pollIntervalMs: 100,
      actionTimeoutMs: 30_000,
      deployTimeoutMs: 60_000,
      extension: baremetalNodesRouter,
      ...shimOpts,
    });
  } catch (err) {
    await core.kill();
    throw err;
  }
  return {
    core,
    client,
    shim,
    call: (method, p, body) => callJson(shim.url, method, p, body),
    async stop() {
      await shim.stop();
      await core.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let macCounter = 0x10;

/** A fake-hardware node taken through manage and provide to `available`, with one port. */
export async function availableNode(client: TyrClient, name: string, extra: Record<string, unknown> = {}): Promise<ApiNode> {
  const node = await client.nodes.create({
    driver: 'fake-hardware',
    name,
    resource_class: 'baremetal-gold',
    properties: { cpus: 4, memory_mb: 8192, local_gb: 100, cpu_arch: 'x86_64', capabilities: 'boot_mode:uefi' },
    ...extra,
  });
  // The traits spawnBody's flavor and image require: Placement only picks nodes that have them,
  // and the core refuses instance traits the node lacks (as Ironic).
  await client.nodes.setTraits(node.uuid, ['CUSTOM_GOLD', 'CUSTOM_IMG']);
  const mac = `52:54:00:aa:00:${(macCounter++).toString(16).padStart(2, '0')}`;
  await client.ports.create({ node_uuid: node.uuid, address: mac });
  await client.nodes.setProvisionState(node.uuid, 'manage');
  await client.nodes.waitForProvisionState(node.uuid, 'manageable', { timeoutMs: 20_000, pollIntervalMs: 100 });
  await client.nodes.setProvisionState(node.uuid, 'provide');
  await client.nodes.waitForProvisionState(node.uuid, 'available', { timeoutMs: 20_000, pollIntervalMs: 100 });
  // A fake node's power state is unknown until switched (as in Ironic), and Nova does not
  // schedule to a node whose power state is unknown.
  await client.nodes.setPowerState(node.uuid, 'power off');
  return client.nodes.waitForPowerState(node.uuid, 'power off', { timeoutMs: 20_000, pollIntervalMs: 100 });
}

/** The spawn body the adapter sends for a small flavor and an image. */
export function spawnBody(node: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    node,
    name: 'instance-00000001',
    display_name: 'web-1',
    host: 'compute-1',
    flavor: {
      root_gb: 10,
      swap: 512,
      ephemeral_gb: 0,
      vcpus: 4,
      memory_mb: 8192,
      extra_specs: { 'capabilities:boot_mode': 'uefi', 'trait1:CUSTOM_GOLD': 'required', 'trait:CUSTOM_OPT': 'forbidden' },
    },
    image: { id: 'http://images.example/cirros.img', properties: { traits_required: ['CUSTOM_IMG'] } },
    network_info: [{ id: 'vif-a', address: '52:54:00:00:00:01' }],
    user_data: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
    ...extra,
  };
}

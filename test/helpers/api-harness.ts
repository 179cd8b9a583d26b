// Starts Tyr in-process (temp SQLite, API on a free port) and gives tests a small fetch helper
// that speaks to it with a chosen API version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config-load.js';
import { ipmiClientOverride } from './ipmi-client-choice.js';
import type { Config } from '../../core/config.js';
import { startServer, type RunningServer } from '../../core/server.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  /** Ironic's faultstring, when the body is an error. */
  message?: string;
}

export interface ApiHarness {
  server: RunningServer;
  url: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    opts?: { version?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startApi(overrides: Partial<Record<keyof Config, Record<string, unknown>>> = {}): Promise<ApiHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-api-'));
  const config = loadConfig({
    env: {},
    overrides: {
      ...overrides,
      api: { port: 0, host: '127.0.0.1', ...overrides.api },
      service: { data_dir: dataDir, log_level: 'warn', ...overrides.service },
      boot: { http_port: 0, tftp_port: 0, ...overrides.boot },
      ipmi: { ...ipmiClientOverride(), ...overrides.ipmi },
    },
  });
  const server = await startServer(config);
  const url = `http://127.0.0.1:${server.apiPort}`;
  async function call(
    method: string,
    p: string,
    body?: unknown,
    opts: { version?: string; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.version !== undefined) headers['X-OpenStack-Ironic-API-Version'] = opts.version;
    let payload: string | undefined = opts.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await fetch(url + p, { method, headers, body: payload });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    let message: string | undefined;
    if (parsed && typeof parsed.error_message === 'string') message = JSON.parse(parsed.error_message).faultstring;
    return { status: res.status, headers: res.headers, body: parsed, message };
  }
  return {
    server,
    url,
    call,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A scale-out Tyr for tests and benchmarks: `tyr conductor` and `tyr api` child processes on one
// throw-away PostgreSQL database, all on loopback. Only the processes started here are killed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresDatabase } from './postgres.js';
import { freeTcpPort } from './ports.js';
import { startTyrService, type TyrService } from './tyr-process.js';

export interface ClusterConductor {
  host: string;
  rpcUrl: string;
  /** Its HTTP boot server, when the cluster was started with bootHttp. */
  bootUrl?: string;
  /** Its data directory (the boot root is its boot/). */
  dataDir: string;
  service: TyrService;
}

export interface ClusterApi {
  url: string;
  service: TyrService;
}

export interface TyrCluster {
  dbUrl: string;
  apis: ClusterApi[];
  conductors: Map<string, ClusterConductor>;
  /** Starts one more conductor (or restarts a killed one) under `host`. */
  startConductor(host: string): Promise<ClusterConductor>;
  /** Every process's output, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  conductors: string[];
  apis: number;
  /** Extra TYR_* settings for every process. */
  env?: Record<string, string>;
  dbUrl?: string;
  readyTimeoutMs?: number;
  /** Node arguments that run tyr (default: from source under tsx; benchmarks pass the bundle). */
  launcher?: string[];
  /** Each conductor's HTTP boot server on a known port (bootUrl), instead of one the OS picks. */
  bootHttp?: boolean;
}

export async function startTyrCluster(opts: ClusterOptions): Promise<TyrCluster> {
  const dbUrl = opts.dbUrl ?? (await createPostgresDatabase());
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cluster-'));
  const apiPorts = await Promise.all(Array.from({ length: opts.apis }, () => freeTcpPort()));
  const env: Record<string, string> = {
    TYR_DB: dbUrl,
    TYR_RPC_SECRET: randomBytes(24).toString('hex'),
    // Agents and boot scripts of every conductor call back to the first API process.
    TYR_API_PUBLIC_URL: `http://127.0.0.1:${apiPorts[0]}`,
    TYR_LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const conductors = new Map<string, ClusterConductor>();
  const apis: ClusterApi[] = [];
  const all = (): TyrService[] => [...apis.map((a) => a.service), ...[...conductors.values()].map((c) => c.service)];
  const serviceOpts = { timeoutMs: opts.readyTimeoutMs ?? 60_000, launcher: opts.launcher };

  const startConductor = async (host: string): Promise<ClusterConductor> => {
    const port = await freeTcpPort();
    const bootPort = opts.bootHttp ? await freeTcpPort() : 0;
    const dataDir = path.join(dataRoot, host);
    fs.mkdirSync(dataDir, { recursive: true });
    const args = [
      'conductor',
      '--host',
      host,
      '--rpc-port',
      String(port),
      '--boot-http-port',
      String(bootPort),
      '--tftp-port',
      '0',
      '--data-dir',
      dataDir,
    ];
    const rpcUrl = `http://127.0.0.1:${port}`;
    const service = await startTyrService(args, env, `${rpcUrl}/rpc/health`, serviceOpts);
    const bootUrl = bootPort ? `http://127.0.0.1:${bootPort}` : undefined;
    const conductor = { host, rpcUrl, bootUrl, dataDir, service };
    conductors.set(host, conductor);
    return conductor;
  };

  const stop = async () => {
    await Promise.all(all().map((s) => s.kill('SIGTERM')));
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };
  try {
    // The first process migrates the schema; the rest start together.
    const [first, ...rest] = opts.conductors;
    if (first) await startConductor(first);
    await Promise.all(rest.map((h) => startConductor(h)));
    await Promise.all(
      apiPorts.map(async (port) => {
        const service = await startTyrService(
          ['api', '--api-port', String(port), '--data-dir', dataRoot],
          env,
          `http://127.0.0.1:${port}/`,
          serviceOpts,
        );
        apis.push({ url: `http://127.0.0.1:${port}`, service });
      }),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    dbUrl,
    apis,
    conductors,
    startConductor,
    stop,
    output: () =>
      all()
        .map((s, i) => `--- process ${i} ---\n${s.output()}`)
        .join('\n'),
  };
}

// A small HTTP server that STANDS IN for the ramdisk agent's command API (agent/, built by
// another engineer; the e2e tests run the real one in QEMU). It answers the commands the
// conductor sends while deploying, cleaning and rescuing, per docs/agent-protocol.md, and
// records every command with its params so tests can check what the conductor asked for.
// Long commands (prepare_image, execute_clean_step) stay RUNNING while `hold` is set.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCommand {
  name: string;
  params: Record<string, any>;
}

export interface DeployAgent {
  url: string;
  /** The token the conductor must send (set by the test after its lookup). */
  token: string;
  /** Long commands stay RUNNING while true. */
  hold: boolean;
  /** When set, prepare_image ends FAILED with this message. */
  imageError?: string;
  /** When set, prepare_image SUCCEEDS with this command_result instead of the usual one. */
  imageResult?: unknown;
  /**
   * Called when a command arrives, before it is answered: the real agent heartbeats as soon as
   * a command ends, so its heartbeat races the conductor's reaction to the reply.
   */
  onCommand?: (name: string) => void;
  received: ReceivedCommand[];
  names(): string[];
  stop(): Promise<void>;
}

type Result = {
  id: string;
  command_name: string;
  command_params: unknown;
  command_status: string;
  command_error: unknown;
  command_result: unknown;
};

const LONG = new Set(['standby.prepare_image', 'clean.execute_clean_step']);

function finish(agent: DeployAgent, r: Result): void {
  const params = r.command_params as Record<string, any>;
  if (r.command_name === 'standby.prepare_image') {
    if (agent.imageError) {
      Object.assign(r, {
        command_status: 'FAILED',
        command_error: { type: 'ImageChecksumError', message: agent.imageError, code: 500, details: '' },
      });
      return;
    }
    if (agent.imageResult !== undefined) {
      Object.assign(r, { command_status: 'SUCCEEDED', command_result: agent.imageResult });
      return;
    }
    Object.assign(r, {
      command_status: 'SUCCEEDED',
      command_result: {
        root_device: '/dev/vda',
        bytes_written: 1048576,
        seconds: 0.5,
        mb_per_s: 2,
        configdrive_partition: params.image_info?.configdrive ? '/dev/vda2' : null,
      },
    });
  } else {
    Object.assign(r, { command_status: 'SUCCEEDED', command_result: { clean_result: {}, clean_step: params.step } });
  }
}

export async function startDeployAgent(): Promise<DeployAgent> {
  const commands = new Map<string, Result>();
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const agent: DeployAgent = {
    url: '',
    token: '',
    hold: false,
    received: [],
    names: () => agent.received.map((c) => c.name),
    stop: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      if (req.headers['x-agent-token'] !== agent.token) return send(res, 401, { faultstring: 'Invalid or missing agent token' });
      const one = /^\/v1\/commands\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && one) {
        const r = commands.get(one[1]!);
        if (!r) return send(res, 404, { faultstring: `no command ${one[1]}` });
        if (r.command_status === 'RUNNING' && !agent.hold) finish(agent, r);
        return send(res, 200, r);
      }
      if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/v1/commands') {
        const { name, params } = JSON.parse(raw || '{}');
        agent.received.push({ name, params });
        agent.onCommand?.(name);
        const r: Result = {
          id: randomUUID(),
          command_name: name,
          command_params: params ?? {},
          command_status: 'SUCCEEDED',
          command_error: null,
          command_result: {},
        };
        if (LONG.has(name)) r.command_status = 'RUNNING';
        else if (!['standby.power_off', 'standby.sync', 'rescue.finalize_rescue'].includes(name)) {
          return send(res, 404, {
            ...r,
            command_status: 'FAILED',
            command_error: { type: 'InvalidCommandError', message: `Unknown command: ${name}`, code: 404 },
          });
        }
        commands.set(r.id, r);
        return send(res, 200, r);
      }
      send(res, 404, { faultstring: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  agent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return agent;
}

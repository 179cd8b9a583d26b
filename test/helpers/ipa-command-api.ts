// A STAND-IN for a stock ironic-python-agent's command API (port 9999). IPA cannot run here: it
// is not in Debian 12 and not on npm. This server answers as IPA's own code does, read from
// openstack/ironic-python-agent (api/app.py, extensions/base.py, errors.py, extensions/standby.py,
// clean.py, image.py, rescue.py, log.py), 9.x through master:
// * the token only from the ?agent_token= query (app.py never reads a header); POST always
//   checks it, GETs once a token was seen; a bad one is 401 {faultcode, faultstring};
// * WSME-style error bodies {faultcode: Client|Server, faultstring: "<message>: <details>"} for
//   refused requests: 400 (bad body, unknown command, invalid params), 404 (unknown extension),
//   409 (busy: the last command still RUNNING);
// * async commands (prepare_image, install_bootloader, execute_clean_step, power_off) answer
//   RUNNING with the bare command name ("prepare_image") and end SUCCEEDED or FAILED when polled;
//   sync ones (get_partition_uuids, get_clean_steps, sync, finalize_rescue,
//   collect_system_logs) answer at once; a string result becomes {result: "<name>: <text>"};
// * a failure is a RESTError {type, code, message, details}; a clean_version other than the
//   agent's ends VERSION_MISMATCH (CLEAN_VERSION_MISMATCH in IPAs before the deploy steps).
// It records every request so tests can check what the conductor sent, byte for byte.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface IpaRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** The command name and params of a POST. */
  name?: string;
  params?: Record<string, any>;
}

/** IPA's RESTError as serialized: type (class name), code, message (class text), details. */
export interface IpaError {
  type: string;
  code: number;
  message: string;
  details: string;
}

export interface IpaCommandApi {
  url: string;
  /** The token IPA got from its lookup (set by the test). */
  token: string;
  /** Async commands stay RUNNING while true. */
  hold: boolean;
  /** A command (full name) that ends FAILED with this RESTError. */
  failures: Map<string, IpaError>;
  /** The generic hardware manager's clean steps clean.get_clean_steps lists (a test may take some away). */
  cleanSteps: typeof CLEAN_STEPS;
  /** The deploy steps deploy.get_deploy_steps lists; [] plays an IPA older than the write_image step. */
  deploySteps: typeof DEPLOY_STEPS;
  /** Back to the generic manager's clean and deploy steps. */
  resetSteps(): void;
  /** Sent back by clean.get_clean_steps and checked against clean_version. */
  managerVersion: Record<string, string>;
  /** Every request, in order. */
  requests: IpaRequest[];
  /** The commands run (full names), in order. */
  names(): string[];
  /** The params of the last `name` command. */
  paramsOf(name: string): Record<string, any> | undefined;
  /** What log.collect_system_logs packs (gzipped), for the test to compare. */
  readonly logText: string;
  /** A new ramdisk boot: a fresh IPA process remembers no command, token or partition. */
  restart(): void;
  stop(): Promise<void>;
}

type Result = {
  id: string;
  command_name: string;
  command_params: Record<string, unknown>;
  command_status: string;
  command_error: IpaError | null;
  command_result: unknown;
};

/** A request IPA refuses before running anything (a RESTError or werkzeug HTTPException raised in app.py). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly ipaMessage: string,
    readonly details: string,
  ) {
    super(`${ipaMessage}: ${details}`);
  }
}

/** IPA's generic hardware manager's clean steps (hardware.py, GenericHardwareManager). */
const CLEAN_STEPS = [
  { step: 'erase_devices', priority: 10, interface: 'deploy', reboot_requested: false, abortable: true },
  { step: 'erase_devices_metadata', priority: 99, interface: 'deploy', reboot_requested: false, abortable: true },
  { step: 'erase_pstore', priority: 0, interface: 'deploy', reboot_requested: false, abortable: true },
  { step: 'delete_configuration', priority: 0, interface: 'raid', reboot_requested: false, abortable: true },
  { step: 'create_configuration', priority: 0, interface: 'raid', reboot_requested: false, abortable: true },
  { step: 'burnin_cpu', priority: 0, interface: 'deploy', reboot_requested: false, abortable: true },
];

/** IPA ≥ 6's deploy steps of the generic manager (hardware.py): write_image runs prepare_image. */
const DEPLOY_STEPS = [
  { step: 'write_image', priority: 0, interface: 'deploy', reboot_requested: false },
  { step: 'erase_devices_metadata', priority: 0, interface: 'deploy', reboot_requested: false },
  { step: 'apply_configuration', priority: 0, interface: 'raid', reboot_requested: false },
];

const ASYNC = new Set([
  'standby.prepare_image',
  'standby.power_off',
  'image.install_bootloader',
  'clean.execute_clean_step',
  'deploy.execute_deploy_step',
]);
const EXTENSIONS = ['standby', 'image', 'clean', 'deploy', 'rescue', 'log', 'flow', 'poll', 'service'];
const KNOWN = new Set([
  ...ASYNC,
  'standby.get_partition_uuids',
  'standby.sync',
  'clean.get_clean_steps',
  'deploy.get_deploy_steps',
  'rescue.finalize_rescue',
  'log.collect_system_logs',
]);

function refuse(status: number, message: string, details: string): Refusal {
  return new Refusal(status, message, details);
}

/** standby._validate_image_info: id, a non-empty urls list, a checksum or an os_hash pair. */
function validateImageInfo(info: any): void {
  for (const field of ['id', 'urls']) {
    if (!info || !(field in info)) throw refuse(400, 'Invalid command parameters', `Image is missing '${field}' field.`);
  }
  if (!Array.isArray(info.urls) || info.urls.length === 0) {
    throw refuse(400, 'Invalid command parameters', "Image 'urls' must be a list with at least one element.");
  }
  if (!info.checksum && !(info.os_hash_algo && info.os_hash_value)) {
    throw refuse(
      400,
      'Invalid command parameters',
      "Image checksum is not available, either the 'checksum' field or the 'os_hash_algo' and 'os_hash_value' fields pair must be set for image verification.",
    );
  }
}

/**
 * `tls`: serve HTTPS with this key and certificate, as IPA's automatic TLS does with the
 * self-signed certificate it then sends in its heartbeat's agent_verify_ca.
 */
export async function startIpaCommandApi(tls?: { key: string; cert: string }): Promise<IpaCommandApi> {
  const commands = new Map<string, Result>();
  let last: Result | undefined;
  let tokenSeen = false;
  let partitionUuids: Record<string, unknown> | null = null;
  const logText = `ironic-python-agent stand-in journal ${randomUUID()}\n`;

  const api: IpaCommandApi = {
    url: '',
    token: '',
    hold: false,
    failures: new Map(),
    managerVersion: { generic_hardware_manager: '1.2' },
    cleanSteps: [...CLEAN_STEPS],
    deploySteps: [...DEPLOY_STEPS],
    resetSteps: () => {
      api.cleanSteps = [...CLEAN_STEPS];
      api.deploySteps = [...DEPLOY_STEPS];
    },
    requests: [],
    names: () => api.requests.filter((r) => r.name).map((r) => r.name!),
    paramsOf: (name) => api.requests.filter((r) => r.name === name).at(-1)?.params,
    logText,
    restart: () => {
      commands.clear();
      last = undefined;
      tokenSeen = false;
      partitionUuids = null;
    },
    stop: async () => undefined,
  };

  /** standby.prepare_image's work: the partition UUIDs it leaves, and its message. */
  function writeImage(info: any): string {
    partitionUuids =
      info.image_type === 'partition'
        ? {
            'root uuid': '6f2e1a04-5b3c-4d2e-9f10-0a1b2c3d4e5f',
            partitions: { root: '/dev/vda2', efi_system_partition: '/dev/vda1' },
            ...(info.deploy_boot_mode === 'uefi' ? { 'efi system partition uuid': 'C3A1-9B2F' } : {}),
          }
        : { 'root uuid': '0x8f3ce1d2' };
    return `prepare_image: image (${info.id}) written to device /dev/vda root_uuid=${partitionUuids['root uuid'] as string}`;
  }

  /** hardware.check_versions: a version other than the agent's is VERSION_MISMATCH. */
  function mismatched(r: Result, given: unknown): boolean {
    if (given === undefined || given === null || JSON.stringify(given) === JSON.stringify(api.managerVersion)) return false;
    Object.assign(r, {
      command_status: 'VERSION_MISMATCH',
      command_result: null,
      command_error: {
        type: 'VersionMismatch',
        code: 409,
        message: 'Hardware managers version mismatch, reload agent with correct version',
        details: `Current versions: ${JSON.stringify(api.managerVersion)}, versions used by ironic: ${JSON.stringify(given)}`,
      },
    });
    return true;
  }

  /** What an async command ends with once it is let go. */
  function finish(r: Result, full: string): void {
    const p = r.command_params as Record<string, any>;
    // The deploy step write_image runs prepare_image, whose RESTError it raises again as is.
    const writesImage = full === 'standby.prepare_image' || (full === 'deploy.execute_deploy_step' && p.step?.step === 'write_image');
    const failure = api.failures.get(writesImage ? 'standby.prepare_image' : full);
    if (failure) {
      Object.assign(r, { command_status: 'FAILED', command_error: failure });
      return;
    }
    if (full === 'standby.prepare_image') {
      Object.assign(r, { command_status: 'SUCCEEDED', command_result: { result: writeImage(p.image_info ?? {}) } });
    } else if (full === 'deploy.execute_deploy_step') {
      if (mismatched(r, p.deploy_version)) return;
      if (!writesImage) throw new Error(`the stand-in runs only the write_image deploy step, not ${p.step?.step}`);
      const result = { result: writeImage(p.step.args?.image_info ?? {}) };
      Object.assign(r, { command_status: 'SUCCEEDED', command_result: { deploy_result: result, deploy_step: p.step } });
    } else if (full === 'clean.execute_clean_step') {
      if (mismatched(r, p.clean_version)) return;
      const known = api.cleanSteps.some((s) => s.step === p.step?.step);
      if (!known) {
        Object.assign(r, {
          command_status: 'FAILED',
          command_error: {
            type: 'CleaningError',
            code: 500,
            message: 'Clean step failed',
            details: `Error performing clean_step ${p.step?.step}: No HardwareManager found to handle method: Could not find method: ${p.step?.step}`,
          },
        });
        return;
      }
      // erase_devices_metadata returns None in IPA.
      Object.assign(r, { command_status: 'SUCCEEDED', command_result: { clean_result: null, clean_step: p.step } });
    } else {
      Object.assign(r, { command_status: 'SUCCEEDED', command_result: null });
    }
  }

  /** A sync command's answer, or a refusal. */
  function runSync(full: string, params: Record<string, any>): unknown {
    switch (full) {
      case 'standby.get_partition_uuids':
        return partitionUuids ?? {};
      case 'clean.get_clean_steps':
        return { clean_steps: { GenericHardwareManager: api.cleanSteps }, hardware_manager_version: api.managerVersion };
      case 'deploy.get_deploy_steps':
        return { deploy_steps: { GenericHardwareManager: api.deploySteps }, hardware_manager_version: api.managerVersion };
      case 'rescue.finalize_rescue':
        if (typeof params.rescue_password !== 'string') throw refuse(400, 'Invalid command parameters', 'rescue_password is required');
        return null;
      case 'log.collect_system_logs':
        return { system_logs: gzipSync(Buffer.from(logText)).toString('base64') };
      default:
        return null; // standby.sync
    }
  }

  function execute(name: string, params: Record<string, any>): Result {
    const [ext, cmd] = name.split('.', 2);
    if (!cmd) throw refuse(400, 'Invalid command', 'Command name must be of the form <extension>.<name>');
    if (last && last.command_status === 'RUNNING') throw refuse(409, 'Agent is busy', `executing command ${last.command_name}`);
    if (!EXTENSIONS.includes(ext!)) throw refuse(404, 'Not found', `Extension with id ${ext} not found.`);
    if (!KNOWN.has(name)) throw refuse(400, 'Invalid command', `Unknown command: ${cmd}`);
    if (name === 'standby.prepare_image') validateImageInfo(params.image_info);
    const r: Result = {
      id: randomUUID(),
      command_name: cmd,
      command_params: params,
      command_status: 'RUNNING',
      command_error: null,
      command_result: null,
    };
    if (!ASYNC.has(name)) {
      const failure = api.failures.get(name);
      if (failure) Object.assign(r, { command_status: 'FAILED', command_error: failure });
      else {
        const out = runSync(name, params);
        // SyncCommandResult: a string becomes {result: ...}; anything else goes as is.
        Object.assign(r, { command_status: 'SUCCEEDED', command_result: typeof out === 'string' ? { result: out } : out });
      }
    }
    commands.set(r.id, r);
    (r as Result & { full: string }).full = name;
    last = r;
    return r;
  }

  const fullName = (r: Result) => (r as Result & { full: string }).full;
  const view = (r: Result) => {
    const { full: _full, ...shown } = r as Result & { full: string };
    return shown;
  };

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://ipa');
    const query = Object.fromEntries(url.searchParams);
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      const fault = (f: Refusal) => send(f.status, { faultcode: f.status >= 500 ? 'Server' : 'Client', faultstring: f.message });
      const record: IpaRequest = { method: req.method ?? '', path: url.pathname, query, headers: req.headers };
      api.requests.push(record);
      const token = query.agent_token;
      const tokenOk = token === api.token;
      try {
        if (req.method === 'GET' && url.pathname === '/v1/status') return send(200, { started_at: 1700000000.5, version: '9.4.1' });
        if (req.method === 'POST' && url.pathname === '/v1/commands/') {
          let body: any;
          try {
            body = JSON.parse(raw);
          } catch {
            return send(400, {
              faultcode: 'Client',
              faultstring: '400 Bad Request: The browser (or proxy) sent a request that this server could not understand.',
            });
          }
          if (
            !body ||
            typeof body.name !== 'string' ||
            typeof body.params !== 'object' ||
            body.params === null ||
            Array.isArray(body.params)
          ) {
            return send(400, { faultcode: 'Client', faultstring: '400 Bad Request: Missing or invalid name or params' });
          }
          record.name = body.name;
          record.params = body.params;
          if (!tokenOk) return send(401, { faultcode: 'Client', faultstring: '401 Unauthorized: Token invalid.' });
          tokenSeen = true;
          const r = execute(body.name, body.params);
          if (query.wait === 'true' && r.command_status === 'RUNNING' && !api.hold) finish(r, body.name);
          return send(200, view(r));
        }
        // GETs check the token once one was seen (require_agent_token_for_command).
        if (req.method === 'GET' && (token || tokenSeen) && !tokenOk) {
          return send(401, { faultcode: 'Client', faultstring: '401 Unauthorized: Token invalid.' });
        }
        if (req.method === 'GET' && url.pathname === '/v1/commands/') return send(200, { commands: [...commands.values()].map(view) });
        const one = /^\/v1\/commands\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'GET' && one) {
          const r = commands.get(one[1]!);
          if (!r) return fault(refuse(404, 'Not found', `Command with id ${one[1]} not found.`));
          if (r.command_status === 'RUNNING' && !api.hold) finish(r, fullName(r));
          return send(200, view(r));
        }
        return send(404, { faultcode: 'Client', faultstring: '404 Not Found: The requested URL was not found on the server.' });
      } catch (err) {
        if (err instanceof Refusal) return fault(err);
        return send(500, { faultcode: 'Server', faultstring: String(err) });
      }
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

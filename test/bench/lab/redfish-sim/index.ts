// tyr-redfish-sim: the lab's Redfish BMC (docs/lab.md, "Redfish BMC"). startRedfishSim() serves
// one BMC on 127.0.0.1 over HTTPS (or HTTP) in front of a machine kept in memory or a lab QEMU VM.
import crypto from 'node:crypto';
import { SimAuth } from './auth.js';
import type { SimContext } from './context.js';
import { defaultSpec, initialState } from './defaults.js';
import { SimFaultPlan } from './faults.js';
import { type MachineBackend, SimMachine } from './machine.js';
import { MemoryBackend } from './memory-backend.js';
import { QemuBackend } from './qemu-backend.js';
import { biosRoutes } from './resources/bios.js';
import { chassisRoutes } from './resources/chassis.js';
import { inventoryRoutes } from './resources/inventory.js';
import { managerRoutes } from './resources/managers.js';
import { registryRoutes } from './resources/registries.js';
import { rootRoutes } from './resources/root.js';
import { secureBootRoutes } from './resources/secure-boot.js';
import { sessionRoutes } from './resources/sessions.js';
import { storageRoutes } from './resources/storage.js';
import { systemRoutes } from './resources/systems.js';
import { taskRoutes } from './resources/tasks.js';
import { updateRoutes } from './resources/update.js';
import { virtualMediaRoutes } from './resources/virtual-media.js';
import type { Route } from './router.js';
import { close, listen } from './server.js';
import { SimTasks } from './tasks.js';
import { simCert } from './tls.js';
import type { RedfishSim, RedfishSimOptions, SimStats } from './types.js';

export type * from './types.js';

const SYSTEM_ID = '1';
const DEFAULT_MAX_SESSIONS = 32;

async function makeBackend(opts: RedfishSimOptions): Promise<MachineBackend> {
  const vendor = opts.vendor ?? opts.machine?.manufacturer ?? 'Tyr Lab';
  if ((opts.mode ?? 'memory') === 'memory') return new MemoryBackend(defaultSpec(vendor, opts.machine));
  if (!opts.dir) throw new Error('redfish-sim: qemu mode needs dir, the lab node directory with its qemu.conf');
  return new QemuBackend(opts.dir, vendor);
}

function routesFor(ctx: SimContext): Route[] {
  const areas = [
    rootRoutes,
    sessionRoutes,
    systemRoutes,
    inventoryRoutes,
    storageRoutes,
    secureBootRoutes,
    biosRoutes,
    registryRoutes,
    managerRoutes,
    virtualMediaRoutes,
    chassisRoutes,
    updateRoutes,
    taskRoutes,
  ];
  return areas.flatMap((routes) => routes(ctx));
}

export async function startRedfishSim(opts: RedfishSimOptions = {}): Promise<RedfishSim> {
  const username = opts.username ?? 'admin';
  const password = opts.password ?? crypto.randomBytes(12).toString('base64url');
  const stats: SimStats = { sessionsOpened: 0, sessionsClosed: 0, requests: 0 };
  const auth = new SimAuth(username, password, stats, opts.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const faults = new SimFaultPlan();
  const backend = await makeBackend(opts);
  const machine = new SimMachine(backend, initialState(backend.spec.firmware));
  const ctx: SimContext = { systemId: SYSTEM_ID, systemPath: `/redfish/v1/Systems/${SYSTEM_ID}`, machine, auth, tasks: new SimTasks() };
  const tls = opts.tls ?? true;
  const cert = tls ? simCert(opts.certDir) : null;
  let listening;
  try {
    listening = await listen({ routes: routesFor(ctx), auth, faults, stats }, cert, opts.port ?? 0);
  } catch (err) {
    await machine.close();
    throw err;
  }
  const { server, port } = listening;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url,
    caFile: cert?.certFile,
    username,
    password,
    systemId: SYSTEM_ID,
    driverInfo: () => ({
      redfish_address: url,
      redfish_system_id: ctx.systemPath,
      redfish_username: username,
      redfish_password: password,
      ...(cert ? { redfish_verify_ca: cert.certFile } : {}),
    }),
    state: machine.state,
    faults: {
      failNext: (count, status, retryAfterSeconds) => faults.failNext(count, status, retryAfterSeconds),
      dropSessions: () => auth.dropAll(),
    },
    stats,
    stop: async () => {
      await close(server);
      await machine.close();
    },
  };
}

// Every REST resource router, in mount order. The composition root (core/server.ts) mounts what
// this returns behind authentication, except the ramdisk agent's routers (marked public).
import type { Router } from 'express';
import { agentHeartbeatRouter } from './ramdisk-callbacks/heartbeat.js';
import { allocationsRouter } from './allocations.js';
import { agentLookupRouter } from './ramdisk-callbacks/lookup.js';
import { publicRouter } from './app.js';
import { chassisRouter } from './chassis.js';
import { conductorsRouter } from './conductors.js';
import type { ApiDeps } from './deps.js';
import { driversRouter } from './drivers.js';
import { eventsRouter } from './events.js';
import { inspectionCallbackRouter } from './inspection/continue.js';
import { inspectionRulesRouter } from './inspection/rules.js';
import { nodeCrudRouter } from './nodes/node-crud.js';
import { nodeHardwareOpsRouter } from './nodes/node-hw-ops.js';
import { nodeIndicatorsRouter } from './nodes/node-indicators.js';
import { nodeSensorsRouter } from './nodes/node-sensors.js';
import { nodeManagementRouter } from './nodes/node-management.js';
import { nodeRecordsRouter } from './nodes/node-records.js';
import { nodeStatesRouter } from './nodes/node-states.js';
import { portgroupsRouter } from './portgroups.js';
import { portsRouter } from './ports.js';
import { volumeRouter } from './volume/router.js';
import { deployTemplatesRouter } from './deploy-templates.js';
import { shardsRouter } from './shards.js';
import { vendorPassthruRouter } from './vendor-passthru.js';

export type { ApiDeps } from './deps.js';

export function apiRouters(deps: ApiDeps): Router[] {
  return [
    publicRouter(agentLookupRouter(deps)),
    publicRouter(agentHeartbeatRouter(deps)),
    publicRouter(inspectionCallbackRouter(deps), { ownBodyParser: true }),
    nodeCrudRouter(deps),
    nodeStatesRouter(deps),
    nodeManagementRouter(deps),
    nodeRecordsRouter(deps),
    nodeHardwareOpsRouter(deps),
    portsRouter(deps),
    portgroupsRouter(deps),
    chassisRouter(deps),
    driversRouter(deps),
    conductorsRouter(deps),
    inspectionRulesRouter(deps),
    allocationsRouter(deps),
    volumeRouter(deps),
    deployTemplatesRouter(deps),
    nodeIndicatorsRouter(deps),
    nodeSensorsRouter(deps),
    vendorPassthruRouter(deps),
    eventsRouter(deps),
    shardsRouter(deps),
  ];
}

// Sensor readings of a node (Tyr's GET /v1/nodes/{node}/management/sensors, Ironic's
// get_sensors_data), through the management interface's optional getSensorsData.
import type { SensorsData } from '../drivers/interfaces/management.js';
import { UnsupportedDriverExtension } from '../errors.js';
import type { ConductorContext } from './context.js';

export async function getSensorsData(c: ConductorContext, uuid: string): Promise<SensorsData> {
  const task = await c.tasks.shared(uuid);
  const mgmt = task.ifaces.management;
  if (!mgmt.getSensorsData) {
    throw new UnsupportedDriverExtension(
      `The ${task.node.management_interface} management interface of node ${task.node.uuid} reports no sensor data; ` +
        'use a management interface that does (redfish).',
    );
  }
  await mgmt.validate(task.ctx);
  return mgmt.getSensorsData(task.ctx);
}

// `tyr node sensors <node>`: the node's live sensor readings (GET .../management/sensors), one row
// per sensor; --json prints the API's answer as is (Ironic's get_sensors_data shape).
import type { Command } from 'commander';
import type { SensorsData } from '../client/hw-ops.js';
import { action, addOutputOptions, clientFor, outputOf, print } from './common-options.js';
import { columnsOf, formatList } from './output.js';

// The field holding each type's main reading, and its unit when the type has a fixed one.
const READING: Record<string, { key: string; units?: string }> = {
  Temperature: { key: 'reading_celsius', units: 'Cel' },
  Fan: { key: 'reading' },
  Power: { key: 'last_power_output_watts', units: 'W' },
  Drive: { key: 'capacity_bytes', units: 'B' },
};

export function sensorRows(data: SensorsData): Record<string, unknown>[] {
  return Object.entries(data).flatMap(([type, sensors]) =>
    Object.entries(sensors).map(([sensor, fields]) => {
      const f = fields as Record<string, unknown>;
      const reading = READING[type];
      return {
        type,
        sensor,
        name: f.name ?? null,
        reading: reading ? (f[reading.key] ?? null) : null,
        units: reading?.units ?? f.reading_units ?? null,
        state: f.state ?? null,
        health: f.health ?? null,
      };
    }),
  );
}

export function registerSensors(node: Command): void {
  addOutputOptions(node.command('sensors').description("Show the node's current sensor readings, read from its BMC"))
    .argument('<node>', 'node UUID or name')
    .action(
      action('node', async (cmd, ident: string) => {
        const data = await clientFor(cmd).hwops.sensors(ident);
        const output = outputOf(cmd);
        if (output.format === 'json' && output.columns.length === 0) return print(JSON.stringify(data, null, 2));
        print(formatList(sensorRows(data), columnsOf(['type', 'sensor', 'name', 'reading', 'units', 'state', 'health']), output));
      }),
    );
}

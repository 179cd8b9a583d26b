// The JSON report of a run (--report) and the summary lines printed at the end. Built from the
// plan, which never holds a password in a printable place: driver_info is left out entirely.
import { STATE } from '../core/states/provision-states.js';
import type { Plan, PlanEntry } from './plan.js';

export interface MigrationReport {
  source: string;
  schema_variant: string;
  dry_run: boolean;
  started_at: string;
  duration_ms: number;
  counts: {
    nodes: { migrated: number; skipped: number; invalid: number };
    ports: { migrated: number; skipped: number; invalid: number };
  };
  migrated: {
    nova_id: number;
    uuid: string;
    driver: string;
    provision_state: string;
    power_state: string | null;
    instance_uuid: string | null;
    ports: string[];
  }[];
  skipped: PlanEntry[];
  invalid: PlanEntry[];
  warnings: string[];
}

const count = (entries: PlanEntry[], table: PlanEntry['table']) => entries.filter((e) => e.table === table).length;

export function buildReport(plan: Plan, meta: { source: string; dryRun: boolean; startedAt: Date }): MigrationReport {
  return {
    source: meta.source,
    schema_variant: plan.variant,
    dry_run: meta.dryRun,
    started_at: meta.startedAt.toISOString(),
    duration_ms: Date.now() - meta.startedAt.getTime(),
    counts: {
      nodes: { migrated: plan.nodes.length, skipped: count(plan.skipped, 'bm_nodes'), invalid: count(plan.invalid, 'bm_nodes') },
      ports: {
        migrated: plan.nodes.reduce((n, p) => n + p.ports.length, 0),
        skipped: count(plan.skipped, 'bm_interfaces'),
        invalid: count(plan.invalid, 'bm_interfaces'),
      },
    },
    migrated: plan.nodes.map((n) => ({
      nova_id: n.sourceId,
      uuid: n.values.uuid,
      driver: n.values.driver,
      provision_state: n.values.provision_state ?? STATE.ENROLL,
      power_state: n.values.power_state ?? null,
      instance_uuid: n.values.instance_uuid ?? null,
      ports: n.ports.map((p) => p.values.address),
    })),
    skipped: plan.skipped,
    invalid: plan.invalid,
    warnings: plan.warnings,
  };
}

export function summaryLines(r: MigrationReport): string[] {
  const verb = r.dry_run ? 'would migrate' : 'migrated';
  const c = r.counts;
  const lines = [
    `nova-baremetal (${r.schema_variant} schema) from ${r.source}: ${verb} ${c.nodes.migrated} nodes and ${c.ports.migrated} ports; ` +
      `skipped ${c.nodes.skipped} nodes and ${c.ports.skipped} ports; invalid ${c.nodes.invalid} nodes and ${c.ports.invalid} ports ` +
      `(${(r.duration_ms / 1000).toFixed(2)} s)`,
  ];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  for (const e of r.skipped)
    lines.push(`skipped ${e.table} id=${e.id ?? '-'}${e.uuid ? ` (${e.uuid})` : ''}${e.address ? ` ${e.address}` : ''}: ${e.reason}`);
  for (const e of r.invalid)
    lines.push(`invalid ${e.table} id=${e.id ?? '-'}${e.uuid ? ` (${e.uuid})` : ''}${e.address ? ` ${e.address}` : ''}: ${e.reason}`);
  return lines;
}

// `tyr migrate nova-baremetal`, start to end: check that no conductor runs, read and plan the
// source, then either print the plan (dry run) or write it in one transaction; always report.
import fs from 'node:fs';
import type { Config } from '../core/config.js';
import { isAlive } from '../core/db/conductors.js';
import { migrateToLatest } from '../core/db/migrate.js';
import type { Store } from '../core/db/store.js';
import { Conflict } from '../core/errors.js';
import { applyPlan, type BeforeNodeHook } from './apply.js';
import { normaliseMac, type MappingOptions } from './mapping.js';
import { detectSchema } from './nova-schema.js';
import { buildPlan, type Plan, type TyrState } from './plan.js';
import { planTables } from './plan-table.js';
import { buildReport, summaryLines, type MigrationReport } from './report.js';
import { openSource } from './source.js';

export interface MigrateOptions extends MappingOptions {
  source: string;
  dryRun: boolean;
  /** Where to write the JSON report. */
  reportFile?: string;
  /** Tests only: runs before each node is written. */
  beforeNode?: BeforeNodeHook;
}

export interface MigrateResult {
  report: MigrationReport;
  plan: Plan;
}

/** Refuses while Tyr runs: the migration writes without node locks and must be alone. */
async function refuseIfConductorAlive(store: Store, config: Config): Promise<void> {
  const alive = (await store.conductors.list()).filter((c) => isAlive(c, config.conductor.heartbeat_timeout));
  if (alive.length) {
    throw new Conflict(
      `conductor ${alive.map((c) => c.hostname).join(', ')} is alive (last heartbeat ${alive[0]!.updated_at}); ` +
        `stop tyr server before migrating, or wait ${config.conductor.heartbeat_timeout} s after an unclean stop`,
    );
  }
}

async function tyrState(store: Store, plannedUuids: string[], macs: string[]): Promise<TyrState> {
  const existingUuids = new Set<string>();
  for (const uuid of plannedUuids) if (await store.nodes.findByUuid(uuid)) existingUuids.add(uuid);
  const existingMacs = new Map<string, string>();
  for (let i = 0; i < macs.length; i += 500) {
    for (const port of await store.ports.findByAddresses(macs.slice(i, i + 500))) {
      existingMacs.set(port.address, (await store.nodes.getById(port.node_id)).uuid);
    }
  }
  return { existingUuids, existingMacs };
}

export async function migrateNovaBaremetal(
  store: Store,
  config: Config,
  opts: MigrateOptions,
  print: (text: string) => void = () => undefined,
): Promise<MigrateResult> {
  const startedAt = new Date();
  // A dry run writes nothing, not even Tyr's schema; a fresh database simply holds no nodes yet.
  if (!opts.dryRun) await migrateToLatest(store.db);
  const fresh = opts.dryRun && !(await hasSchema(store));
  if (!fresh) await refuseIfConductorAlive(store, config);

  const source = await openSource(opts.source);
  let schema, nodeRows, ifaceRows;
  try {
    schema = await detectSchema(source);
    nodeRows = await source.rows('bm_nodes', schema.nodeColumns);
    ifaceRows = schema.interfaceColumns.length ? await source.rows('bm_interfaces', schema.interfaceColumns) : [];
  } finally {
    await source.close();
  }
  // Plan once against an empty Tyr to learn the UUIDs and MACs, then look those up in Tyr.
  const draft = buildPlan(schema, nodeRows, ifaceRows, { existingUuids: new Set(), existingMacs: new Map() }, opts);
  // Every MAC the source names, not only the draft's ports: a MAC the draft saw twice may belong
  // to a node that turns out to be skipped.
  const macs = [
    ...new Set(
      [...ifaceRows.map((r) => r.address), ...nodeRows.map((r) => r.prov_mac_address)]
        .map(normaliseMac)
        .filter((m): m is string => m !== undefined),
    ),
  ];
  const state = fresh
    ? { existingUuids: new Set<string>(), existingMacs: new Map<string, string>() }
    : await tyrState(
        store,
        draft.nodes.map((n) => n.values.uuid),
        macs,
      );
  const plan = buildPlan(schema, nodeRows, ifaceRows, state, opts);

  if (opts.dryRun) print(planTables(plan));
  else await applyPlan(store, plan, opts.beforeNode);

  const report = buildReport(plan, { source: source.label, dryRun: opts.dryRun, startedAt });
  for (const line of summaryLines(report)) print(line);
  if (opts.reportFile) fs.writeFileSync(opts.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { report, plan };
}

async function hasSchema(store: Store): Promise<boolean> {
  try {
    await store.conductors.list();
    return true;
  } catch {
    return false;
  }
}

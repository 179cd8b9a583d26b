// `tyr node list|show|create|set|unset|delete|console show`: the node's record. State changes
// (power, provision verbs, maintenance) are in node-state-commands.ts.
import type { Command } from 'commander';
import type { ApiNode, NodeListFilters } from '../client/types.js';
import { action, addOutputOptions, clientFor, collect, outputOf, print } from './common-options.js';
import { CliError } from './errors.js';
import { registerFind } from './node-find-command.js';
import { columnsOf, formatList, formatOne } from './output.js';
import { keyValuesToObject, setPatch, unsetPatch, type DictOption } from './patch.js';
import { secretKeyValues } from './secret-args.js';
import { INTERFACE_KINDS } from '../core/drivers/interfaces/kinds.js';

const LIST_FIELDS = ['uuid', 'name', 'instance_uuid', 'power_state', 'provision_state', 'maintenance'];
const LONG_FIELDS = [
  ...LIST_FIELDS,
  'driver',
  'resource_class',
  'target_power_state',
  'target_provision_state',
  'last_error',
  'maintenance_reason',
  'conductor_group',
  'owner',
  'properties',
  'extra',
];

/** Top-level fields that `set --<flag> value` replaces and `unset --<flag>` removes. */
const SCALARS: Record<string, string> = {
  name: 'name',
  resourceClass: 'resource_class',
  description: 'description',
  owner: 'owner',
  lessee: 'lessee',
  conductorGroup: 'conductor_group',
  chassisUuid: 'chassis_uuid',
  driver: 'driver',
  ...Object.fromEntries(INTERFACE_KINDS.map((i) => [`${i}Interface`, `${i}_interface`])),
};
/**
 * What commander parses for addDictOptions and addScalarOptions. The scalar flags are keyed by
 * SCALARS' option names: a string for `--flag value` (create, set), true for `--flag` (unset).
 */
type NodeFieldOptions = Partial<Record<DictOption, string[]>> & { [scalar: string]: unknown };

interface ListOptions {
  provisionState?: string;
  maintenance?: boolean;
  driver?: string;
  resourceClass?: string;
  owner?: string;
  limit?: number;
  long?: boolean;
  discovered?: boolean;
}

const flagOf = (opt: string) => opt.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function addScalarOptions(cmd: Command, withValue: boolean, skip: string[] = []): Command {
  for (const [opt, field] of Object.entries(SCALARS)) {
    if (skip.includes(opt)) continue;
    cmd.option(withValue ? `--${flagOf(opt)} <value>` : `--${flagOf(opt)}`, withValue ? `set ${field}` : `unset ${field}`);
  }
  return cmd;
}

function addDictOptions(cmd: Command, verb: string, arg: string): Command {
  return cmd
    .option(`--property <${arg}>`, `${verb} a property (repeatable)`, collect)
    .option(
      `--driver-info <${arg}>`,
      `${verb} a driver_info entry (repeatable)${verb === 'set' ? '; a secret (ipmi_password) as key=@FILE, or key alone to take TYR_DRIVER_INFO_<KEY> or be asked' : ''}`,
      collect,
    )
    .option(`--extra <${arg}>`, `${verb} an extra entry (repeatable)`, collect)
    .option(`--instance-info <${arg}>`, `${verb} an instance_info entry (repeatable)`, collect);
}

/** `--driver-info ipmi_password=@file` and the like, for create and set (unset takes bare keys). */
async function withSecretsResolved<O extends NodeFieldOptions>(o: O): Promise<O> {
  return {
    ...o,
    driverInfo: await secretKeyValues(o.driverInfo, 'driver-info'),
    instanceInfo: await secretKeyValues(o.instanceInfo, 'instance-info'),
  };
}

function registerList(node: Command): void {
  addOutputOptions(node.command('list').description('List nodes (all pages)'))
    .option('--provision-state <state>', 'only nodes in this provision state')
    .option('--maintenance', 'only nodes in maintenance')
    .option('--no-maintenance', 'only nodes not in maintenance')
    .option('--driver <driver>', 'only nodes with this driver')
    .option('--resource-class <class>', 'only nodes with this resource class')
    .option('--owner <owner>', 'only nodes with this owner')
    .option('--limit <n>', 'show at most this many nodes', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit takes a positive integer, got "${v}"`);
      return n;
    })
    .option('--long', 'more columns')
    // The API has no filter for it yet, so this reads every node's extra (client side).
    .option('--discovered', 'only nodes enrolled by auto-discovery (extra.auto_discovered)')
    .action(
      action(undefined, async (cmd) => {
        const o = cmd.opts<ListOptions>();
        const filters: NodeListFilters = {
          provision_state: o.provisionState,
          maintenance: o.maintenance,
          driver: o.driver,
          resource_class: o.resourceClass,
          owner: o.owner,
          detail: Boolean(o.long || o.discovered),
          limit: o.limit && !o.discovered ? Math.min(o.limit, 1000) : undefined,
        };
        const rows: ApiNode[] = [];
        for await (const n of clientFor(cmd).nodes.list(filters)) {
          if (o.discovered && !(n.extra as Record<string, unknown> | undefined)?.auto_discovered) continue;
          rows.push(n);
          if (o.limit && rows.length >= o.limit) break;
        }
        print(formatList(rows, columnsOf(o.long ? LONG_FIELDS : LIST_FIELDS), outputOf(cmd)));
      }),
    );
}

function registerShow(node: Command): void {
  addOutputOptions(node.command('show <node>').description('Show a node')).action(
    action('node', async (cmd, ident: string) => {
      print(formatOne(await clientFor(cmd).nodes.get(ident), outputOf(cmd)));
    }),
  );
}

function registerCreate(node: Command): void {
  const cmd = node
    .command('create')
    .description('Enroll a node')
    .requiredOption('--driver <driver>', 'hardware type, e.g. ipmi, redfish, fake-hardware')
    .option('--uuid <uuid>', 'UUID of the new node (default: generated)');
  addScalarOptions(cmd, true, ['driver']);
  addDictOptions(cmd, 'set', 'key=value');
  addOutputOptions(cmd).action(
    action(undefined, async (c) => {
      const o = await withSecretsResolved(c.opts<NodeFieldOptions & { driver: string; uuid?: string }>());
      const body: Record<string, unknown> & { driver: string } = { driver: o.driver, uuid: o.uuid };
      for (const [opt, field] of Object.entries(SCALARS)) if (o[opt] !== undefined) body[field] = o[opt];
      body.properties = keyValuesToObject(o.property);
      body.driver_info = keyValuesToObject(o.driverInfo);
      body.extra = keyValuesToObject(o.extra);
      if (o.instanceInfo) body.instance_info = keyValuesToObject(o.instanceInfo);
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      print(formatOne(await clientFor(c).nodes.create(body), outputOf(c)));
    }),
  );
}

function registerSetUnset(node: Command): void {
  const set = addDictOptions(
    addScalarOptions(node.command('set <node>').description('Change node fields (JSON Patch)'), true),
    'set',
    'key=value',
  );
  set.action(
    action('node', async (cmd, ident: string) => {
      const o = await withSecretsResolved(cmd.opts<NodeFieldOptions>());
      const ops = setPatch({
        property: o.property,
        driverInfo: o.driverInfo,
        extra: o.extra,
        instanceInfo: o.instanceInfo,
        scalars: Object.fromEntries(Object.entries(SCALARS).map(([opt, field]) => [field, o[opt]])),
      });
      if (!ops.length) throw new CliError('nothing to set; give at least one option (see tyr node set --help)');
      await clientFor(cmd).nodes.patch(ident, ops);
    }),
  );
  const unset = addDictOptions(
    addScalarOptions(node.command('unset <node>').description('Remove node fields (JSON Patch)'), false, ['driver']),
    'unset',
    'key',
  );
  unset.action(
    action('node', async (cmd, ident: string) => {
      const o = cmd.opts<NodeFieldOptions>();
      const ops = unsetPatch({
        property: o.property,
        driverInfo: o.driverInfo,
        extra: o.extra,
        instanceInfo: o.instanceInfo,
        scalars: Object.entries(SCALARS)
          .filter(([opt]) => o[opt])
          .map(([, field]) => field),
      });
      if (!ops.length) throw new CliError('nothing to unset; give at least one option (see tyr node unset --help)');
      await clientFor(cmd).nodes.patch(ident, ops);
    }),
  );
}

function registerDelete(node: Command): void {
  node
    .command('delete <node...>')
    .description('Delete nodes')
    .action(
      action('node', async (cmd, idents: string[]) => {
        const client = clientFor(cmd);
        const failed: string[] = [];
        for (const ident of idents) {
          try {
            await client.nodes.delete(ident);
            print(`Deleted node ${ident}`);
          } catch (err) {
            failed.push(
              err instanceof Error && err.message.includes(ident) ? err.message : `node ${ident}: ${String((err as Error).message ?? err)}`,
            );
          }
        }
        if (failed.length) throw new CliError(failed.join('; '));
      }),
    );
}

function registerConsole(node: Command): void {
  addOutputOptions(
    node.command('console').description('Node serial console').command('show <node>').description('Show console information'),
  ).action(
    action('node', async (cmd, ident: string) => {
      const client = clientFor(cmd);
      try {
        print(formatOne(await client.nodes.getConsole(ident), outputOf(cmd)));
      } catch (err) {
        // Tell apart "no such node" from "this server has no console endpoint".
        if ((err as { status?: number }).status !== 404) throw err;
        await client.nodes.get(ident);
        throw new CliError(
          `node ${ident}: this Tyr API does not offer console information (GET /v1/nodes/${ident}/states/console answered 404)`,
        );
      }
    }),
  );
}

export function registerNodeCommands(node: Command): void {
  registerList(node);
  registerShow(node);
  registerFind(node);
  registerCreate(node);
  registerSetUnset(node);
  registerDelete(node);
  registerConsole(node);
}

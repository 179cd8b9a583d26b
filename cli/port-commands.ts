// `tyr port list|show|create|delete`.
import type { Command } from 'commander';
import type { TyrClient } from '../client/client.js';
import type { ApiPort } from '../client/types.js';
import { action, addOutputOptions, clientFor, collect, outputOf, print } from './common-options.js';
import { CliError } from './errors.js';
import { columnsOf, formatList, formatOne } from './output.js';
import { keyValuesToObject } from './patch.js';

const LIST_FIELDS = ['uuid', 'address'];
const LONG_FIELDS = ['uuid', 'address', 'node_uuid', 'pxe_enabled', 'physical_network', 'local_link_connection', 'extra', 'created_at'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The port API wants node UUIDs; a name is looked up first. */
async function nodeUuid(client: TyrClient, ident: string): Promise<string> {
  return UUID_RE.test(ident) ? ident : (await client.nodes.get(ident, ['uuid'])).uuid;
}

interface PortCreateOptions {
  node: string;
  pxeEnabled?: string;
  physicalNetwork?: string;
  localLinkConnection?: string[];
  extra?: string[];
}

export function registerPortCommands(port: Command): void {
  addOutputOptions(port.command('list').description('List ports (all pages)'))
    .option('--node <node>', 'only the ports of this node (UUID or name)')
    .option('--address <mac>', 'only the port with this MAC address')
    .option('--long', 'more columns')
    .action(
      action(undefined, async (cmd) => {
        const o = cmd.opts<{ node?: string; address?: string; long?: boolean }>();
        const rows: ApiPort[] = [];
        for await (const p of clientFor(cmd).ports.list({ node: o.node, address: o.address, detail: Boolean(o.long) })) rows.push(p);
        print(formatList(rows, columnsOf(o.long ? LONG_FIELDS : LIST_FIELDS), outputOf(cmd)));
      }),
    );

  addOutputOptions(port.command('show <port>').description('Show a port')).action(
    action('port', async (cmd, ident: string) => {
      print(formatOne(await clientFor(cmd).ports.get(ident), outputOf(cmd)));
    }),
  );

  addOutputOptions(port.command('create <address>').description('Create a port (a NIC of a node)'))
    .requiredOption('--node <node>', 'the node (UUID or name)')
    .option('--pxe-enabled <bool>', 'whether the node PXE boots from this port (true/false)')
    .option('--physical-network <name>', 'physical network of the port')
    .option('--local-link-connection <key=value>', 'switch_id, port_id, switch_info (repeatable)', collect)
    .option('--extra <key=value>', 'extra entry (repeatable)', collect)
    .action(
      action(undefined, async (cmd, address: string) => {
        const o = cmd.opts<PortCreateOptions>();
        if (o.pxeEnabled !== undefined && !['true', 'false'].includes(o.pxeEnabled))
          throw new CliError('--pxe-enabled takes true or false');
        const client = clientFor(cmd);
        const body: Parameters<TyrClient['ports']['create']>[0] = { address, node_uuid: await nodeUuid(client, o.node) };
        if (o.pxeEnabled !== undefined) body.pxe_enabled = o.pxeEnabled === 'true';
        if (o.physicalNetwork) body.physical_network = o.physicalNetwork;
        if (o.localLinkConnection) body.local_link_connection = keyValuesToObject(o.localLinkConnection);
        if (o.extra) body.extra = keyValuesToObject(o.extra);
        print(formatOne(await client.ports.create(body), outputOf(cmd)));
      }),
    );

  port
    .command('delete <port...>')
    .description('Delete ports')
    .action(
      action('port', async (cmd, idents: string[]) => {
        const client = clientFor(cmd);
        for (const ident of idents) {
          await client.ports.delete(ident);
          print(`Deleted port ${ident}`);
        }
      }),
    );
}

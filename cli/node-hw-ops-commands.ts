// `tyr node bios <node>`, `tyr node firmware <node>` and `tyr node raid <node> <json>`: what the
// hardware-operation clean steps left on the node, and the RAID target they build. The steps
// themselves run with `tyr node clean <node> --clean-steps '[…]'`.
import type { Command } from 'commander';
import { action, addOutputOptions, clientFor, outputOf, print } from './common-options.js';
import { columnsOf, formatList } from './output.js';
import { jsonArgument } from './node-state-commands.js';

export function registerHardwareOps(node: Command): void {
  addOutputOptions(node.command('bios').description('List the BIOS settings cached by the last BIOS clean step'))
    .argument('<node>', 'node UUID or name')
    .option('--long', 'with registry attributes (allowed values, read-only, reset-required)')
    .action(
      action('node', async (cmd, ident: string) => {
        const long = Boolean(cmd.opts().long);
        const rows = await clientFor(cmd).hwops.bios(ident, { detail: long });
        const keys = long ? ['name', 'value', 'attribute_type', 'allowable_values', 'read_only', 'reset_required'] : ['name', 'value'];
        print(formatList(rows, columnsOf(keys), outputOf(cmd)));
      }),
    );

  addOutputOptions(node.command('firmware').description('List the firmware components recorded by update_firmware'))
    .argument('<node>', 'node UUID or name')
    .action(
      action('node', async (cmd, ident: string) => {
        const rows = await clientFor(cmd).hwops.firmware(ident);
        print(
          formatList(
            rows,
            columnsOf(['component', 'initial_version', 'current_version', 'last_version_flashed', 'updated_at']),
            outputOf(cmd),
          ),
        );
      }),
    );

  node
    .command('raid')
    .description("Set the target RAID configuration (Ironic's target_raid_config; {} clears it)")
    .argument('<node>', 'node UUID or name')
    .argument('<config>', 'JSON, a file, or - for stdin')
    .action(
      action('node', async (cmd, ident: string, config: string) => {
        await clientFor(cmd).hwops.setTargetRaidConfig(ident, jsonArgument(config, '<config>') as Record<string, unknown>);
      }),
    );
}

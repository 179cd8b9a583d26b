// `tyr node find --instance <uuid|name>`: which node runs an instance. By instance UUID
// (GET /v1/nodes?instance_uuid=) or by instance name (Nova's display_name, through Tyr's
// ?instance_name= filter). Prints the node with its instance.
import type { Command } from 'commander';
import { action, addOutputOptions, clientFor, outputOf, print } from './common-options.js';
import { CliError } from './errors.js';
import { formatOne } from './output.js';

export function registerFind(node: Command): void {
  addOutputOptions(node.command('find').description('Find the node running an instance'))
    .requiredOption('--instance <uuid|name>', 'instance UUID or instance name (instance_info.display_name)')
    .action(
      action(undefined, async (cmd) => {
        const instance = String(cmd.opts().instance);
        const matches = await clientFor(cmd).nodes.findByInstance(instance);
        if (matches.length === 0)
          throw new CliError(
            `no node runs an instance "${instance}" (looked up by instance UUID, or by instance_info.display_name for a name)`,
          );
        if (matches.length > 1)
          throw new CliError(
            `several nodes run an instance named "${instance}" (${matches.map((n) => n.uuid).join(', ')}…); use the instance UUID`,
          );
        const found = matches[0]!;
        const info = (found.instance_info ?? {}) as Record<string, unknown>;
        print(
          formatOne(
            {
              uuid: found.uuid,
              name: found.name,
              provision_state: found.provision_state,
              power_state: found.power_state,
              instance_uuid: found.instance_uuid,
              instance_name: info.display_name ?? null,
            },
            outputOf(cmd),
          ),
        );
      }),
    );
}

// `tyr node find --instance <uuid|name>`: which node runs an instance. By instance UUID
// (GET /v1/nodes?instance_uuid=) or by instance name (Nova's display_name, which
// GET /v1/nodes/{name} resolves when no node has that name). Prints the node with its instance.
import type { Command } from 'commander';
import { action, addOutputOptions, clientFor, outputOf, print } from './common-options.js';
import { CliError } from './errors.js';
import { formatOne } from './output.js';

export function registerFind(node: Command): void {
  addOutputOptions(node.command('find').description('Find the node running an instance'))
    .requiredOption('--instance <uuid|name>', 'instance UUID or instance name (instance_info.display_name)')
    .action(action(undefined, async (cmd) => {
      const instance = String(cmd.opts().instance);
      const found = await clientFor(cmd).nodes.findByInstance(instance);
      if (!found) throw new CliError(`no node runs an instance "${instance}" (looked up by instance UUID, or by instance_info.display_name for a name)`);
      const info = (found.instance_info ?? {}) as Record<string, unknown>;
      print(formatOne({
        uuid: found.uuid, name: found.name, provision_state: found.provision_state, power_state: found.power_state,
        instance_uuid: found.instance_uuid, instance_name: info.display_name ?? null,
      }, outputOf(cmd)));
    }));
}

// The top-level commands, grouped by the module that implements them. `tyr <command>` imports only
// its own group, so a client command never loads the server and a service never loads the client's
// HTTP and table libraries; the help listing and unknown commands register every group, in this order.
import type { Command } from 'commander';

interface CommandGroup {
  /** The top-level command names the group registers. */
  names: string[];
  register(program: Command): Promise<void>;
}

const GROUPS: CommandGroup[] = [
  {
    names: ['server', 'api', 'conductor'],
    register: async (program) => (await import('./server-command.js')).registerServerCommand(program),
  },
  {
    names: ['node'],
    register: async (program) => (await import('./node-group.js')).registerNodeGroup(program),
  },
  {
    names: ['port'],
    register: async (program) => {
      const [{ addConnectionOptions }, { registerPortCommands }] = await Promise.all([
        import('./common-options.js'),
        import('./port-commands.js'),
      ]);
      registerPortCommands(addConnectionOptions(program.command('port').description('Manage the network ports of nodes')));
    },
  },
  {
    names: ['nova-shim', 'nova-extension'],
    register: async (program) => (await import('./nova-commands.js')).registerNovaCommands(program),
  },
  {
    names: ['migrate'],
    register: async (program) => (await import('./migrate-command.js')).registerMigrateCommands(program),
  },
];

/** Registers the group that owns `command` (argv[2]), or every group when none does (help, typos). */
export async function registerCommands(program: Command, command: string | undefined): Promise<void> {
  const own = GROUPS.find((group) => command !== undefined && group.names.includes(command));
  for (const group of own ? [own] : GROUPS) await group.register(program);
}

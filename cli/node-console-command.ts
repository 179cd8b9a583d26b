// `tyr node console <node>`: attaches the terminal to a node's serial console through the API's
// WebSocket. Raw mode on a TTY (keys go to the machine, ^C included); ^] detaches. Reconnects
// when the connection drops; ends when the console is disabled.
import type { Command } from 'commander';
import { action, DEFAULT_URL } from './common-options.js';

export function registerConsole(node: Command): void {
  // `tyr node console show <node>` already lives on this command (node-commands.ts): `tyr node
  // console <node>` is its own action, taken when the first word is not a subcommand.
  const consoleCmd = node.commands.find((c) => c.name() === 'console') ?? node.command('console');
  consoleCmd
    .description("Attach to a node's serial console: tyr node console <node> (^] detaches; the console must be enabled)")
    .argument('[node]', 'node name or UUID')
    .action(
      action('node', async (cmd, ident: string | undefined) => {
        if (!ident) {
          cmd.help();
          return;
        }
        // The WebSocket library loads only for a console session.
        const { runConsole } = await import('./node-console-session.js');
        const o = cmd.optsWithGlobals<{ url?: string; username?: string; password?: string; apiVersion?: string }>();
        const stdin = process.stdin;
        const tty = stdin.isTTY === true;
        if (tty) stdin.setRawMode(true);
        stdin.resume();
        if (tty) process.stderr.write(`[tyr: attaching to the console of ${ident}; ^] detaches]\r\n`);
        try {
          await runConsole({
            url: o.url ?? process.env.TYR_URL ?? DEFAULT_URL,
            node: ident,
            username: (o.username ?? process.env.TYR_USERNAME) || undefined,
            password: o.password ?? process.env.TYR_PASSWORD,
            apiVersion: o.apiVersion ?? 'latest',
            input: stdin,
            out: process.stdout,
            err: process.stderr,
          });
        } finally {
          if (tty) stdin.setRawMode(false);
          stdin.pause();
          stdin.destroy();
        }
      }),
    );
}

// `npm run demo [-- options]`: the one-command demo (README, "Try it in one command"). It runs
// until Ctrl-C (SIGINT) or SIGTERM, then stops exactly what it started and exits 0.
import { Command, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { REPO_ROOT } from '../../ramdisk-elements/build.js';
import { readyBanner, startDemo } from './demo/demo.js';
import { Teardown } from './demo/teardown.js';

function int(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    return n;
  };
}

interface CliOptions {
  apiPort: number;
  bootPort: number;
  dir: string;
  nodes: number;
  clean?: boolean;
}

const program = new Command()
  .name('npm run demo --')
  .description('Tyr with the real agent ramdisk and a lab rack of QEMU machines behind ipmi_sim BMCs, ready in the web console')
  .option('--api-port <port>', 'API and web console port on 127.0.0.1 (0: a free one)', int(65535), 6385)
  .option('--boot-port <port>', 'HTTP boot server port on 127.0.0.1 (0: a free one)', int(65535), 8080)
  .option('--dir <dir>', "the demo's files: database, boot root, lab, htpasswd, tyr.log", path.join(REPO_ROOT, '.cache', 'demo'))
  .option('--nodes <n>', 'lab nodes', int(20), 2)
  .option('--clean', 'automated cleaning on provide: every VM boots the agent ramdisk first (several minutes)')
  .showHelpAfterError();

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(o: CliOptions): Promise<void> {
  const teardown = new Teardown();
  const stop = (signal: string) => {
    if (teardown.stopping) return;
    say(`\n${signal}: stopping everything the demo started:`);
    void teardown.run(say).then(() => {
      say('demo stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const started = Date.now();
  try {
    const demo = await startDemo(
      { dir: o.dir, apiPort: o.apiPort, bootPort: o.bootPort, nodes: o.nodes, clean: Boolean(o.clean) },
      say,
      teardown,
    );
    if (teardown.stopping) return;
    for (const line of readyBanner(demo, Math.round((Date.now() - started) / 1000))) say(line);
  } catch (err) {
    // A signal during start-up makes the step under way fail: that is the stop, not an error.
    if (teardown.stopping) return;
    process.stderr.write(`demo: ${(err as Error).message}\n`);
    say('cleaning up:');
    await teardown.run(say);
    process.exit(1);
  }
}

program.action(main);
await program.parseAsync(process.argv);

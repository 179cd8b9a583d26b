// standby.*: write the image (prepare_image, in image/), flush disks, power off, reboot. The
// power action runs after the reply is sent.
// TYR_AGENT_POWER_CMD replaces the real action — TEST-ONLY, so tests on a host never power it
// off: the command is run with one argument, "poweroff" or "reboot".
import type { Activity } from '../activity.js';
import { run } from '../exec.js';
import { prepareImageCommand } from '../image/prepare.js';
import { log } from '../log.js';
import type { Extension } from '../server/commands.js';

type PowerAction = 'poweroff' | 'reboot';

async function powerAction(action: PowerAction): Promise<void> {
  const override = process.env.TYR_AGENT_POWER_CMD;
  log.info(`standby: ${action} now`);
  // busybox's -f calls reboot(2) directly: there is no init system in the ramdisk to ask.
  if (override) await run(override, [action], 30_000);
  else await run(action, ['-f'], 30_000);
}

async function sync(): Promise<void> {
  await run('sync', [], 120_000);
}

function powerCommand(action: PowerAction) {
  return {
    async run() {
      await sync();
      return { result: { result: `${action} scheduled` }, afterReply: () => powerAction(action) };
    },
  };
}

export const standbyExtension = (activity: Activity): Extension => ({
  name: 'standby',
  commands: {
    prepare_image: prepareImageCommand(activity),
    power_off: powerCommand('poweroff'),
    reboot: powerCommand('reboot'),
    sync: {
      async run() {
        await sync();
        return { result: { result: 'sync completed' } };
      },
    },
  },
});

// `npm run lab -- up|down|status`: the virtual lab from the command line (see README, "Virtual
// lab"). `up` leaves the BMCs running after it exits; their PIDs are in <dir>/lab.json, which
// `down` and `status` read back.
import { Command, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { isLabFirmware, LAB_FIRMWARES, type LabFirmware } from './lab/firmware.js';
import { type LabBmcKind, labDown, labStatus, labUp } from './lab/lab.js';
import { ensureTestRamdisk, REPO_ROOT } from './lab/test-ramdisk.js';

const DEFAULT_DIR = path.join(REPO_ROOT, '.cache', 'lab', 'rack');

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function bmcKind(value: string): LabBmcKind {
  if (value !== 'ipmi' && value !== 'redfish') throw new InvalidArgumentError('expected ipmi or redfish');
  return value;
}

function firmware(value: string): LabFirmware {
  if (!isLabFirmware(value)) throw new InvalidArgumentError(`expected one of ${LAB_FIRMWARES.join(', ')}`);
  return value;
}

const program = new Command();
program.name('npm run lab --').description('Tyr virtual lab: ipmi_sim BMCs in front of QEMU machines').showHelpAfterError();

program
  .command('up')
  .description('start the lab nodes (and enroll them into Tyr with --tyr)')
  .option('--nodes <n>', 'number of nodes', int, 3)
  .option('--dir <dir>', 'lab directory (state, disks, console logs)', DEFAULT_DIR)
  .option('--tyr <url>', 'enroll the nodes into the Tyr API at this URL')
  .option('--boot-url <url>', "Tyr's HTTP boot server as the VMs see it", 'http://10.0.2.2:8080')
  .option('--memory <mb>', 'VM memory in MiB', int, 1024)
  .option('--extra-nics <n>', 'extra NICs per VM (own user-mode network each, no PXE)', int, 0)
  .option('--extra-disks <n>', 'extra disks per VM (sparse, serial extra-<k>)', int, 0)
  .option('--sol', "wire each BMC's serial-over-LAN to its VM's serial port (direct telnet to it then sees nothing)")
  .option('--fake', 'no VMs: the chassis only keeps power and boot state in files')
  .option('--bmc <kind>', 'BMC of each node: ipmi (ipmi_sim) or redfish (tyr-redfish-sim)', bmcKind, 'ipmi')
  .option('--firmware <fw>', 'VM firmware: bios (SeaBIOS), uefi (OVMF) or uefi-secure (OVMF, Secure Boot on)', firmware, 'bios')
  .option('--test-ramdisk', 'build the busybox test ramdisk and use it as deploy_kernel/deploy_ramdisk (URLs under --boot-url/files/)')
  .action(
    async (o: {
      nodes: number;
      dir: string;
      tyr?: string;
      bootUrl: string;
      memory: number;
      extraNics: number;
      extraDisks: number;
      sol?: boolean;
      fake?: boolean;
      bmc: LabBmcKind;
      firmware: LabFirmware;
      testRamdisk?: boolean;
    }) => {
      let deployKernel: string | undefined;
      let deployRamdisk: string | undefined;
      if (o.testRamdisk) {
        const built = ensureTestRamdisk();
        process.stdout.write(
          `test ramdisk: copy ${built.kernel} and ${built.ramdisk} into Tyr's boot root as test-kernel and test-ramdisk\n`,
        );
        deployKernel = 'test-kernel';
        deployRamdisk = 'test-ramdisk';
      }
      const started = Date.now();
      const lab = await labUp({
        nodes: o.nodes,
        dir: o.dir,
        tyrUrl: o.tyr,
        bootUrl: o.bootUrl,
        memoryMb: o.memory,
        extraNics: o.extraNics,
        extraDisks: o.extraDisks,
        sol: o.sol,
        mode: o.fake ? 'fake' : 'qemu',
        bmc: o.bmc,
        firmware: o.firmware,
        detached: true,
        deployKernel,
        deployRamdisk,
      });
      for (const n of lab.nodes) {
        process.stdout.write(
          `${n.name}  ${n.firmware ?? 'bios'}  mac ${n.mac}  bmc ${n.redfish?.url ?? `127.0.0.1:${n.bmcPort}`} (pid ${n.bmcPid})${n.uuid ? `  node ${n.uuid}` : ''}  console ${n.consoleLog}\n`,
        );
      }
      process.stdout.write(`lab up in ${lab.dir} (${Date.now() - started} ms); stop it with: npm run lab -- down --dir ${lab.dir}\n`);
    },
  );

program
  .command('down')
  .description('stop every VM and BMC of the lab (files stay in the lab directory)')
  .option('--dir <dir>', 'lab directory', DEFAULT_DIR)
  .action(async (o: { dir: string }) => {
    await labDown(o.dir);
    process.stdout.write(`lab in ${o.dir} is down\n`);
  });

program
  .command('status')
  .description('show the nodes, their BMC and VM processes')
  .option('--dir <dir>', 'lab directory', DEFAULT_DIR)
  .option('--json', 'print JSON')
  .action((o: { dir: string; json?: boolean }) => {
    const status = labStatus(o.dir);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return;
    }
    for (const s of status) {
      process.stdout.write(
        `${s.name}  mac ${s.mac}  bmc ${s.bmc.alive ? `up (pid ${s.bmc.pid}, port ${s.bmc.port})` : 'down'}  ` +
          `vm ${s.vm.alive ? `running (pid ${s.vm.pid})` : 'off'}  boot ${s.bootDevice}${s.uuid ? `  node ${s.uuid}` : ''}\n`,
      );
    }
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`lab: ${err.message}\n`);
  process.exit(1);
});

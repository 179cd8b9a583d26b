// The hardware-operation clean steps the generic manager offers: manual only (priority 0), on
// the interface the conductor dispatches them to (burn-in on deploy, as Ironic has them).
import type { Step } from './manager.js';

const arg = (description: string, required = false) => ({ description, required });
const manual = (step: string, iface: string, argsinfo: Step['argsinfo'] = null): Step => ({
  step,
  priority: 0,
  interface: iface,
  reboot_requested: false,
  abortable: false,
  argsinfo,
});

export const HARDWARE_OP_STEPS: Step[] = [
  manual('burnin_cpu', 'deploy', { duration: arg('seconds of stress-ng on every CPU (default 60)') }),
  manual('burnin_memory', 'deploy', {
    duration: arg('seconds (default 60)'),
    vm_share: arg('share of RAM to stress, 0.01-0.95 (default 0.5)'),
  }),
  manual('burnin_disk', 'deploy', {
    size: arg('bytes of each disk fio tests, e.g. 1G (default)'),
    devices: arg('disks to test (default: all)'),
    smart_test: arg('run a SMART short self-test after fio'),
  }),
  manual('burnin_network', 'deploy', {
    duration: arg('seconds (default 60)'),
    pairing_group: arg('nodes with the same group are paired by the conductor', true),
  }),
  manual('apply_configuration', 'bios', { settings: arg('list of {name, value}', true) }),
  manual('factory_reset', 'bios'),
  manual('create_configuration', 'raid'),
  manual('delete_configuration', 'raid'),
  manual('update_firmware', 'firmware', { firmware_images: arg('list of {component, url, checksum, version}', true) }),
];

// Cold Reset (§20.2) and Warm Reset (§20.3).
import { NetFn } from '../ipmi-message.js';
import { ignoreData, type Command } from './command.js';

export function bmcReset(kind: 'warm' | 'cold'): Command<void> {
  return {
    operation: 'bmc_reset',
    description: `mc reset ${kind}`,
    request: { netfn: NetFn.app, command: kind === 'cold' ? 0x02 : 0x03, data: [] },
    parse: ignoreData,
    mayGoUnanswered: true,
  };
}

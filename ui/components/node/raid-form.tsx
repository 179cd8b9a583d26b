// RAID: sets target_raid_config ({} clears it); a raid.create_configuration clean step builds it.
import { useState } from 'preact/hooks';
import { TextareaField } from '../form-field.js';
import { ActionForm } from './action-form.js';
import { parseJsonField } from './json-input.js';
import { setTargetRaid } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

export function RaidForm({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  const action = useAction(onDone);
  const [text, setText] = useState(JSON.stringify(node.target_raid_config ?? {}, null, 1));
  const submit = () => setTargetRaid(node.uuid, (parseJsonField(text, 'The target RAID configuration') ?? {}) as Record<string, unknown>);
  return (
    <ActionForm id="raid-form" title="Target RAID configuration" action={action} submit="Set target" onSubmit={submit}>
      <TextareaField
        id="raid-target"
        label="target_raid_config (JSON)"
        help='For example {"logical_disks": [{"size_gb": "MAX", "raid_level": "1", "is_root_volume": true}]}; {} clears it. Then clean with raid.create_configuration.'
        rows={4}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
    </ActionForm>
  );
}

// BIOS settings apply: a manual clean with bios.apply_configuration (the node must be manageable).
import { useState } from 'preact/hooks';
import { TextareaField } from '../form-field.js';
import { ActionForm } from './action-form.js';
import { setProvisionState } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

/** "name=value" lines → [{name, value}]. */
export function settingsOf(text: string): { name: string; value: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      if (at <= 0) throw new Error(`"${l}" is not name=value.`);
      return { name: l.slice(0, at).trim(), value: l.slice(at + 1).trim() };
    });
}

export function BiosForm({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  const action = useAction(onDone);
  const [text, setText] = useState('');
  const submit = () =>
    setProvisionState(node.uuid, 'clean', {
      clean_steps: [{ interface: 'bios', step: 'apply_configuration', args: { settings: settingsOf(text) } }],
    });
  return (
    <ActionForm id="bios-form" title="Apply BIOS settings" action={action} submit="Apply" onSubmit={submit}>
      <TextareaField
        id="bios-settings"
        label="Settings"
        requiredMark
        help="One name=value per line. Runs a manual clean (the node must be manageable)."
        rows={4}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
    </ActionForm>
  );
}

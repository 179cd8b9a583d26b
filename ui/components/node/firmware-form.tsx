// Firmware update: a manual clean with firmware.update_firmware and one image.
import { useState } from 'preact/hooks';
import { InputField } from '../form-field.js';
import { ActionForm } from './action-form.js';
import { setProvisionState } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

const FIELDS = [
  { key: 'component', label: 'Component', help: 'What to flash, e.g. bios or bmc.' },
  { key: 'url', label: 'Image URL', help: 'http(s) URL of the firmware image.' },
  { key: 'checksum', label: 'Checksum', help: "The image's SHA-256 (the agent checks it before flashing)." },
  { key: 'version', label: 'Version', help: 'The version the image carries.' },
] as const;

export function FirmwareForm({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  const action = useAction(onDone);
  const [image, setImage] = useState<Record<string, string>>({});
  const submit = () =>
    setProvisionState(node.uuid, 'clean', {
      clean_steps: [{ interface: 'firmware', step: 'update_firmware', args: { firmware_images: [image] } }],
    });
  return (
    <ActionForm id="firmware-form" title="Update firmware" action={action} submit="Update" onSubmit={submit}>
      {FIELDS.map((f) => (
        <InputField
          key={f.key}
          id={`firmware-${f.key}`}
          label={f.label}
          help={f.help}
          requiredMark
          value={image[f.key] ?? ''}
          onInput={(e) => setImage({ ...image, [f.key]: e.currentTarget.value })}
        />
      ))}
    </ActionForm>
  );
}

// Enroll a node: driver (ipmi / redfish / fake-hardware), its driver_info fields with the help the
// API gives for them (required ones first and marked), name, resource class and the MACs of its
// ports; then the node's page.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, InputField, Options, TextareaField } from '../components/form-field.js';
import { ActionForm } from '../components/node/action-form.js';
import { driverFields } from '../components/node/driver-properties.js';
import { useAction } from '../components/node/use-action.js';
import { Loaded } from '../components/node/section.js';
import { useAsync } from '../components/use-async.js';
import { navigate } from '../router.js';

const DRIVERS = ['ipmi', 'redfish', 'fake-hardware'];

const macsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((m) => m.trim())
    .filter(Boolean);

function DriverInfoFields({
  driver,
  values,
  onChange,
}: {
  driver: string;
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  const props = useAsync(() => api<Record<string, string>>('GET', `/v1/drivers/${encodeURIComponent(driver)}/properties`), [driver]);
  return (
    <fieldset class="driver-info">
      <legend>Driver info ({driver})</legend>
      <Loaded
        state={props}
        show={(p) =>
          driverFields(p).map((f) => (
            <InputField
              key={f.name}
              id={`di-${f.name}`}
              label={f.name}
              help={f.help}
              name={f.name}
              type={f.secret ? 'password' : 'text'}
              autocomplete="off"
              required={f.required}
              value={values[f.name] ?? ''}
              onInput={(e) => onChange({ ...values, [f.name]: e.currentTarget.value })}
            />
          ))
        }
      />
    </fieldset>
  );
}

export function EnrollPage() {
  const action = useAction();
  const [driver, setDriver] = useState('ipmi');
  const [name, setName] = useState('');
  const [resourceClass, setResourceClass] = useState('');
  const [macs, setMacs] = useState('');
  const [info, setInfo] = useState<Record<string, string>>({});
  const submit = async () => {
    const driverInfo = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== ''));
    const node = await api<{ uuid: string }>('POST', '/v1/nodes', {
      driver,
      driver_info: driverInfo,
      ...(name ? { name } : {}),
      ...(resourceClass ? { resource_class: resourceClass } : {}),
    });
    for (const address of macsOf(macs)) {
      try {
        await api('POST', '/v1/ports', { node_uuid: node.uuid, address });
      } catch (err) {
        throw new Error(`Node ${name || node.uuid} was enrolled, but its port ${address} was not: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
    navigate(`/nodes/${node.uuid}`);
  };
  return (
    <div class="enroll-page">
      <h1>Enroll a node</h1>
      <ActionForm id="enroll-form" title="New node" action={action} submit="Enroll" onSubmit={submit}>
        <Field
          id="enroll-driver"
          label="Driver"
          help="How Tyr reaches the machine's BMC: IPMI, Redfish, or the fake driver for tests and demos."
        >
          <select
            id="enroll-driver"
            aria-describedby="enroll-driver-help"
            value={driver}
            onChange={(e) => {
              setDriver(e.currentTarget.value);
              setInfo({});
            }}
          >
            <Options values={DRIVERS} />
          </select>
        </Field>
        <InputField
          id="enroll-name"
          label="Name"
          help="Optional; a unique host name-like name (letters, digits, - . _ ~)."
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <InputField
          id="enroll-resource-class"
          label="Resource class"
          help="Optional; the flavor class Nova schedules on, e.g. baremetal.gold."
          value={resourceClass}
          onInput={(e) => setResourceClass(e.currentTarget.value)}
        />
        <TextareaField
          id="enroll-macs"
          label="Port MAC addresses"
          help="Optional; one per line. A port per MAC lets the node PXE boot."
          rows={2}
          value={macs}
          onInput={(e) => setMacs(e.currentTarget.value)}
        />
        <DriverInfoFields driver={driver} values={info} onChange={setInfo} />
      </ActionForm>
    </div>
  );
}

// BIOS settings, firmware versions and RAID configuration: what the hardware-operation clean
// steps left on the node. `refresh` (the provision state) re-reads them when a step may have run.
import { api } from '../../api.js';
import { useAsync } from '../use-async.js';
import { getFirmware, nodePath } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { RecordsTable } from './records-table.js';
import { Loaded, Section } from './section.js';

/** A section listing the records one GET returned, or a note saying why there are none yet. */
function RecordsSection<K extends string>(props: {
  id: string;
  title: string;
  caption: string;
  columns: string[];
  refresh: string;
  ident: string;
  field: K;
  load: () => Promise<Record<K, Record<string, unknown>[]>>;
  none: string;
}) {
  const state = useAsync(props.load, [props.ident, props.refresh]);
  return (
    <Section id={props.id} title={props.title}>
      <Loaded
        state={state}
        show={(v) =>
          v[props.field].length ? (
            <RecordsTable caption={props.caption} columns={props.columns} rows={v[props.field]} />
          ) : (
            <p class="muted">{props.none}</p>
          )
        }
      />
    </Section>
  );
}

export function BiosSection({ ident, refresh }: { ident: string; refresh: string }) {
  return (
    <RecordsSection
      id="node-bios"
      title="BIOS settings"
      caption="BIOS settings"
      columns={['name', 'value']}
      ident={ident}
      refresh={refresh}
      field="bios"
      load={() => api<{ bios: Record<string, unknown>[] }>('GET', `${nodePath(ident)}/bios`)}
      none="None read yet (a BIOS clean step reads them)."
    />
  );
}

export function FirmwareSection({ ident, refresh }: { ident: string; refresh: string }) {
  return (
    <RecordsSection
      id="node-firmware"
      title="Firmware"
      caption="Firmware components"
      columns={['component', 'initial_version', 'current_version', 'last_version_flashed', 'updated_at']}
      ident={ident}
      refresh={refresh}
      field="firmware"
      load={() => getFirmware<{ firmware: Record<string, unknown>[] }>(ident)}
      none="No firmware recorded yet (update_firmware records it)."
    />
  );
}

function Json({ label, value }: { label: string; value: Record<string, unknown> }) {
  const empty = !value || Object.keys(value).length === 0;
  return (
    <div>
      <h3>{label}</h3>
      {empty ? <p class="muted">None.</p> : <pre>{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}

export function RaidSection({ node }: { node: ApiNode }) {
  return (
    <Section id="node-raid" title="RAID">
      <Json label="Target configuration" value={node.target_raid_config} />
      <Json label="Current configuration" value={node.raid_config} />
    </Section>
  );
}

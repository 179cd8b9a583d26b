// BIOS settings, firmware versions and RAID configuration: what the hardware-operation clean
// steps left on the node. `refresh` (the provision state) re-reads them when a step may have run.
import { api } from '../../api.js';
import { useAsync } from '../use-async.js';
import { getFirmware, nodePath } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { RecordsTable } from './records-table.js';
import { Loaded, Section } from './section.js';

export function BiosSection({ ident, refresh }: { ident: string; refresh: string }) {
  const state = useAsync(() => api<{ bios: Record<string, unknown>[] }>('GET', `${nodePath(ident)}/bios`), [ident, refresh]);
  return (
    <Section id="node-bios" title="BIOS settings">
      <Loaded
        state={state}
        show={(v) =>
          v.bios.length ? (
            <RecordsTable caption="BIOS settings" columns={['name', 'value']} rows={v.bios} />
          ) : (
            <p class="muted">None read yet (a BIOS clean step reads them).</p>
          )
        }
      />
    </Section>
  );
}

export function FirmwareSection({ ident, refresh }: { ident: string; refresh: string }) {
  const state = useAsync(() => getFirmware<{ firmware: Record<string, unknown>[] }>(ident), [ident, refresh]);
  return (
    <Section id="node-firmware" title="Firmware">
      <Loaded
        state={state}
        show={(v) =>
          v.firmware.length ? (
            <RecordsTable
              caption="Firmware components"
              columns={['component', 'initial_version', 'current_version', 'last_version_flashed', 'updated_at']}
              rows={v.firmware}
            />
          ) : (
            <p class="muted">No firmware recorded yet (update_firmware records it).</p>
          )
        }
      />
    </Section>
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

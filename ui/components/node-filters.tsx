// The node list's filters. Choices apply at once; typed fields apply on Enter or "Apply", so a
// 10,000-node search is not re-run on every keystroke.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { NodeSearchQuery } from '../../protocol/web-ui.js';
import { ALL_STATES } from '../../core/states/provision-states.js';
import { TEXT_FILTERS } from '../node-search.js';

const TEXT_LABELS: Record<(typeof TEXT_FILTERS)[number], string> = {
  driver: 'Driver',
  resource_class: 'Resource class',
  conductor_group: 'Conductor group',
  owner: 'Owner',
};

type Draft = Record<(typeof TEXT_FILTERS)[number] | 'q' | 'traits', string>;

function draftOf(s: NodeSearchQuery): Draft {
  return {
    q: s.q ?? '',
    traits: (s.trait ?? []).join(' '),
    driver: s.driver ?? '',
    resource_class: s.resource_class ?? '',
    conductor_group: s.conductor_group ?? '',
    owner: s.owner ?? '',
  };
}

/** One labelled filter; the filter bar lays these out as columns (fleet.css .node-filters .filter). */
function Filter({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="filter">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** A choice filter: "Any" (the empty value) first, then [value, text] choices; applies at once. */
function ChoiceFilter({
  id,
  label,
  value,
  choices,
  onChoose,
}: {
  id: string;
  label: string;
  value: string;
  choices: readonly (readonly [string, string])[];
  onChoose: (value: string) => void;
}) {
  return (
    <Filter id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChoose(e.currentTarget.value)}>
        <option value="">Any</option>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Filter>
  );
}

export function NodeFilters({ search, onChange }: { search: NodeSearchQuery; onChange: (s: NodeSearchQuery) => void }) {
  const [draft, setDraft] = useState(() => draftOf(search));
  useEffect(() => setDraft(draftOf(search)), [search]);
  const field = (k: keyof Draft) => ({
    value: draft[k],
    onInput: (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value }),
  });
  // Any filter change starts again from the first page.
  const apply = (changes: Partial<NodeSearchQuery>) => onChange({ ...search, ...changes, offset: 0 });
  const applyDraft = (e: Event) => {
    e.preventDefault();
    const traits = draft.traits.split(/[\s,]+/).filter(Boolean);
    apply({
      q: draft.q.trim() || undefined,
      trait: traits.length ? traits : undefined,
      ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, draft[k].trim() || undefined])),
    });
  };

  return (
    <form class="node-filters panel" role="search" aria-label="Filter nodes" onSubmit={applyDraft}>
      <Filter id="filter-q" label="Search name, UUID or MAC">
        <input id="filter-q" type="search" {...field('q')} />
      </Filter>
      <ChoiceFilter
        id="filter-provision-state"
        label="Provision state"
        value={search.provision_state ?? ''}
        choices={ALL_STATES.map((s) => [s, s])}
        onChoose={(v) => apply({ provision_state: v || undefined })}
      />
      <ChoiceFilter
        id="filter-power-state"
        label="Power state"
        value={search.power_state ?? ''}
        choices={[
          ['power on', 'power on'],
          ['power off', 'power off'],
        ]}
        onChoose={(v) => apply({ power_state: v || undefined })}
      />
      <ChoiceFilter
        id="filter-maintenance"
        label="Maintenance"
        value={search.maintenance === undefined ? '' : String(search.maintenance)}
        choices={[
          ['true', 'In maintenance'],
          ['false', 'Not in maintenance'],
        ]}
        onChoose={(v) => apply({ maintenance: v === '' ? undefined : v === 'true' })}
      />
      {TEXT_FILTERS.map((k) => (
        <Filter key={k} id={`filter-${k}`} label={TEXT_LABELS[k]}>
          <input id={`filter-${k}`} {...field(k)} />
        </Filter>
      ))}
      <Filter id="filter-traits" label="Traits (all of)">
        <input id="filter-traits" placeholder="CUSTOM_A CUSTOM_B" {...field('traits')} />
      </Filter>
      <div class="filter-actions">
        <button type="submit" class="primary">
          Apply
        </button>
        <a href="#/nodes">Clear filters</a>
      </div>
    </form>
  );
}

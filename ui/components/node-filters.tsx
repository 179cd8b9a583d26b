// The node list's filters. Choices apply at once; typed fields apply on Enter or "Apply", so a
// 10,000-node search is not re-run on every keystroke.
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
      <div class="filter">
        <label for="filter-q">Search name, UUID or MAC</label>
        <input id="filter-q" type="search" {...field('q')} />
      </div>
      <div class="filter">
        <label for="filter-provision-state">Provision state</label>
        <select
          id="filter-provision-state"
          value={search.provision_state ?? ''}
          onChange={(e) => apply({ provision_state: e.currentTarget.value || undefined })}
        >
          <option value="">Any</option>
          {ALL_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="filter-power-state">Power state</label>
        <select
          id="filter-power-state"
          value={search.power_state ?? ''}
          onChange={(e) => apply({ power_state: e.currentTarget.value || undefined })}
        >
          <option value="">Any</option>
          <option value="power on">power on</option>
          <option value="power off">power off</option>
        </select>
      </div>
      <div class="filter">
        <label for="filter-maintenance">Maintenance</label>
        <select
          id="filter-maintenance"
          value={search.maintenance === undefined ? '' : String(search.maintenance)}
          onChange={(e) => apply({ maintenance: e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true' })}
        >
          <option value="">Any</option>
          <option value="true">In maintenance</option>
          <option value="false">Not in maintenance</option>
        </select>
      </div>
      {TEXT_FILTERS.map((k) => (
        <div class="filter" key={k}>
          <label for={`filter-${k}`}>{TEXT_LABELS[k]}</label>
          <input id={`filter-${k}`} {...field(k)} />
        </div>
      ))}
      <div class="filter">
        <label for="filter-traits">Traits (all of)</label>
        <input id="filter-traits" placeholder="CUSTOM_A CUSTOM_B" {...field('traits')} />
      </div>
      <div class="filter-actions">
        <button type="submit" class="primary">
          Apply
        </button>
        <a href="#/nodes">Clear filters</a>
      </div>
    </form>
  );
}

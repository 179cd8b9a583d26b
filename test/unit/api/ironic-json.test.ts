// ironicJson must write exactly what JSON.stringify with the ironicTimestamps replacer writes.
import { expect } from 'chai';
import { ironicTimestamps } from '../../../core/api/app.js';
import { ironicJson } from '../../../core/api/ironic-json.js';

describe('ironicJson', () => {
  const cases: Record<string, unknown> = {
    'top-level and nested timestamps': {
      created_at: '2026-01-02T03:04:05.678Z',
      updated_at: null,
      driver_internal_info: { agent_last_heartbeat_at: '2026-01-02T03:04:05Z', deep: [{ finished_at: '2026-01-02T03:04:05.1Z' }] },
    },
    'keys and values that only look alike': {
      format: '2026-01-02T03:04:05Z',
      'not_at ': '2026-01-02T03:04:05Z',
      started_at: 'yesterday',
      at: '2026-01-02T03:04:05Z',
      list_at: ['2026-01-02T03:04:05Z'],
      extra: { note: 'x_at":"2026-01-02T03:04:05Z"', 'we"ird\\_at': '2026-01-02T03:04:05Z', 'line\n_at': '2026-01-02T03:04:05Z' },
    },
    'a date object': { created_at: new Date(Date.UTC(2026, 0, 2)) },
    'scalars and arrays': [1, 'a', null, true, { x_at: '2026-01-02T03:04:05+00:00' }],
  };
  for (const [name, value] of Object.entries(cases)) {
    it(name, () => expect(ironicJson(value)).to.equal(JSON.stringify(value, ironicTimestamps)));
  }
  it('undefined stays undefined, as JSON.stringify gives', () => expect(ironicJson(undefined)).to.equal(undefined));
});

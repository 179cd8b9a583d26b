// The console's fleet logic that needs no browser: SSE parsing, which bulk actions apply to a
// node (from core/states), the bounded runner, and the node list's view in the hash query.
import { expect } from 'chai';
import type { NodeRow } from '../../../protocol/web-ui.js';
import { BULK_ACTIONS, provisionTarget, runBounded, type BulkActionId } from '../../../ui/bulk-actions.js';
import { parseSseBlock } from '../../../ui/live.js';
import { searchFromQuery, searchToQueryString } from '../../../ui/node-search.js';

const row = (over: Partial<NodeRow>): NodeRow => ({
  uuid: 'u1',
  name: 'n1',
  provision_state: 'manageable',
  target_provision_state: null,
  power_state: 'power off',
  maintenance: false,
  maintenance_reason: null,
  fault: null,
  last_error: null,
  driver: 'fake-hardware',
  resource_class: null,
  conductor_group: '',
  owner: null,
  instance_uuid: null,
  updated_at: null,
  provision_updated_at: null,
  deploy_progress: null,
  ...over,
});
const action = (id: BulkActionId) => BULK_ACTIONS.find((a) => a.id === id)!;

describe('console fleet logic', () => {
  it('parses SSE blocks: event and multi-line data, comments ignored, no data no event', () => {
    expect(parseSseBlock('event: node-deleted\ndata: {"uuid":\ndata: "x"}')).to.deep.equal({ event: 'node-deleted', data: { uuid: 'x' } });
    expect(parseSseBlock(': keep-alive')).to.equal(null);
    expect(parseSseBlock('event: hello\ndata: not json')).to.equal(null);
  });

  it('takes what a bulk verb applies to from the state table', () => {
    expect(provisionTarget('provide', 'manageable')).to.equal('cleaning');
    expect(provisionTarget('provide', 'active')).to.equal(null);
    expect(action('provide').notApplicable(row({ provision_state: 'available' }))).to.include('does not apply');
    expect(action('manage').notApplicable(row({ provision_state: 'enroll' }))).to.equal(null);
    expect(action('delete').notApplicable(row({ provision_state: 'active' }))).to.include('maintenance');
    expect(action('delete').notApplicable(row({ provision_state: 'active', maintenance: true }))).to.equal(null);
    expect(action('power-on').notApplicable(row({ provision_state: 'cleaning' }))).to.include('busy');
    expect(action('maintenance-off').notApplicable(row({}))).to.equal('not in maintenance');
  });

  it('runs at most `limit` calls at once and keeps the results in order', async () => {
    let running = 0;
    let peak = 0;
    const out = await runBounded([5, 1, 4, 2, 3, 0, 6], 3, async (ms) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 10;
    });
    expect(out).to.deep.equal([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).to.equal(3);
  });

  it('keeps the node list view in the hash query and back', () => {
    const q = new URLSearchParams(
      'provision_state=deploy+failed&trait=A&trait=B&maintenance=false&sort=owner&dir=desc&limit=100&offset=200&q=rack',
    );
    const s = searchFromQuery(q);
    expect(s).to.include({
      provision_state: 'deploy failed',
      maintenance: false,
      sort: 'owner',
      dir: 'desc',
      limit: 100,
      offset: 200,
      q: 'rack',
    });
    expect(s.trait).to.deep.equal(['A', 'B']);
    expect(searchFromQuery(new URLSearchParams(searchToQueryString(s).slice(1)))).to.deep.equal(s);
    expect(searchFromQuery(new URLSearchParams('sort=bogus&limit=9999&offset=-3'))).to.include({ sort: undefined, limit: 500, offset: 0 });
  });
});

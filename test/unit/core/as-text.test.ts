// asText stands in for String() on values read from JSON: it must agree with String() on every
// primitive (so nothing that worked changes) and show objects and lists as what they hold.
import { expect } from 'chai';
import { asText } from '../../../core/as-text.js';

describe('asText', () => {
  it('agrees with String() on strings, numbers, booleans, null and undefined', () => {
    for (const v of ['sha256', '', 42, 1.5, true, false, null, undefined]) expect(asText(v)).to.equal(String(v));
  });

  it('shows an object or a list as its JSON', () => {
    expect(asText({ algo: 'sha256' })).to.equal('{"algo":"sha256"}');
    expect(asText(['hdd'])).to.equal('["hdd"]');
  });
});

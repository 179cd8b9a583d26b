// The per-source failed-login window behind http_basic's 429 (issue #18 item 10).
import { expect } from 'chai';
import { LoginThrottle, sourceKey } from '../../../core/api/login-throttle.js';

describe('login throttle', () => {
  it('counts IPv4 (also IPv4-mapped) per address and IPv6 per /64', () => {
    expect(sourceKey('10.0.0.7')).to.equal('10.0.0.7');
    expect(sourceKey('::ffff:10.0.0.7')).to.equal('10.0.0.7');
    expect(sourceKey('2001:db8:0:1::5')).to.equal(sourceKey('2001:0db8:0000:0001:ffff:1:2:3'));
    expect(sourceKey('2001:db8:0:1::5')).to.not.equal(sourceKey('2001:db8:0:2::5'));
    expect(sourceKey('::1')).to.equal('0:0:0:0::/64');
  });

  it('refuses a source for the rest of the minute after N failures, then forgives it', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('a')).to.equal(0);
      t.fail('a');
      now += 1000;
    }
    expect(t.retryAfter('a')).to.equal(57); // the first failure leaves the window 57 s from now
    expect(t.retryAfter('b')).to.equal(0);
    now += 57_000;
    expect(t.retryAfter('a')).to.equal(0);
  });
});

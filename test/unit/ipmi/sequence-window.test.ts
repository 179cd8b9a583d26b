// Inbound session sequence numbers: each accepted once, ahead within 32, a little behind when not
// seen yet (reordering), never 0, never a replay.
import { expect } from 'chai';
import { SequenceWindow } from '../../../core/ipmi/sequence-window.js';

describe('session sequence window', () => {
  it('accepts increasing numbers and refuses replays and 0', () => {
    const w = new SequenceWindow();
    expect(w.accept(0)).to.equal(false);
    expect(w.accept(1)).to.equal(true);
    expect(w.accept(2)).to.equal(true);
    expect(w.accept(2)).to.equal(false);
    expect(w.accept(1)).to.equal(false);
  });

  it('accepts reordered packets a little behind, once', () => {
    const w = new SequenceWindow();
    w.accept(10);
    expect(w.accept(14)).to.equal(true);
    expect(w.accept(12)).to.equal(true);
    expect(w.accept(12)).to.equal(false);
    expect(w.accept(11)).to.equal(true);
    expect(w.accept(13)).to.equal(true);
    expect(w.accept(10)).to.equal(false);
  });

  it('refuses numbers too far ahead or too far behind', () => {
    const w = new SequenceWindow();
    w.accept(100);
    expect(w.accept(100 + 33)).to.equal(false);
    expect(w.accept(100 + 32)).to.equal(true);
    expect(w.accept(100)).to.equal(false);
    expect(w.accept(132 - 16)).to.equal(false);
    expect(w.accept(132 - 15)).to.equal(true);
  });

  it('wraps around 2^32', () => {
    const w = new SequenceWindow();
    w.accept(0xfffffffe);
    expect(w.accept(0xffffffff)).to.equal(true);
    expect(w.accept(1)).to.equal(true);
  });
});

// The agent token's pure parts: generation, the constant-time check, which transitions forget
// it, and that neither the API view nor the logs show it.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { maskSecrets } from '../../../core/mask.js';
import {
  agentInfoAfterTransition,
  expectsAgent,
  newToken,
  TOKEN_KEY,
  tokenMatches,
} from '../../../core/conductor/ramdisk-callbacks/token.js';
import { TRANSITIONS } from '../../../core/states/provision-states.js';

describe('agent token', () => {
  it('is 32 random bytes in base64url, different each time', () => {
    const a = newToken();
    expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).to.have.length(32);
    expect(newToken()).not.to.equal(a);
  });

  it('matches only the exact token', () => {
    const t = newToken();
    expect(tokenMatches(t, t)).to.equal(true);
    expect(tokenMatches(t, `${t}x`)).to.equal(false);
    expect(tokenMatches(t, t.slice(0, -1))).to.equal(false);
    expect(tokenMatches(t, `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`)).to.equal(false);
    expect(tokenMatches(t, '')).to.equal(false);
    expect(tokenMatches(t, undefined)).to.equal(false);
    expect(tokenMatches(t, 42)).to.equal(false);
    // No stored token (never looked up, or cleared): nothing matches, not even an empty string.
    expect(tokenMatches(undefined, '')).to.equal(false);
    expect(tokenMatches('', '')).to.equal(false);
    expect(tokenMatches(null, 'anything')).to.equal(false);
  });

  it('lists the states in which an agent may speak', () => {
    for (const s of ['deploying', 'wait call-back', 'cleaning', 'clean wait', 'inspecting', 'inspect wait', 'rescuing', 'rescue wait']) {
      expect(expectsAgent(s), s).to.equal(true);
    }
    for (const s of ['active', 'available', 'manageable', 'enroll', 'deploy failed', 'rescue', 'deleting', 'error']) {
      expect(expectsAgent(s), s).to.equal(false);
    }
  });
});

describe('agent fields across transitions', () => {
  const info = { [TOKEN_KEY]: 'tok', agent_url: 'http://x:9999', agent_version: '1.0', agent_last_heartbeat: 'then', other: 1 };

  it('forgets the whole previous boot on entering the agent states', () => {
    expect(agentInfoAfterTransition(info, 'available', 'deploying')).to.deep.equal({ other: 1 });
    expect(agentInfoAfterTransition(info, 'deleting', 'cleaning')).to.deep.equal({ other: 1 });
  });

  it('forgets token and URL on leaving them, keeping what helps diagnosis', () => {
    expect(agentInfoAfterTransition(info, 'wait call-back', 'deploy failed')).to.deep.equal({
      agent_version: '1.0',
      agent_last_heartbeat: 'then',
      other: 1,
    });
    expect(agentInfoAfterTransition(info, 'clean wait', 'clean failed')).not.to.have.property(TOKEN_KEY);
  });

  it('keeps everything while moving between agent states, and between other states', () => {
    expect(agentInfoAfterTransition(info, 'deploying', 'wait call-back')).to.equal(undefined);
    expect(agentInfoAfterTransition(info, 'wait call-back', 'deploying')).to.equal(undefined);
    expect(agentInfoAfterTransition(info, 'active', 'deleting')).to.equal(undefined);
    expect(agentInfoAfterTransition({ other: 1 }, 'wait call-back', 'active'), 'nothing to drop').to.equal(undefined);
  });

  it('clears the token on every transition of the state table that leaves the agent states', () => {
    const leaving = TRANSITIONS.filter(([from, , to]) => expectsAgent(from) && !expectsAgent(to));
    expect(leaving.length).to.be.greaterThan(8);
    for (const [from, , to] of leaving)
      expect(agentInfoAfterTransition(info, from, to), `${from} -> ${to}`).not.to.have.property(TOKEN_KEY);
  });
});

describe('the token stays secret', () => {
  it('is masked in the API view of driver_internal_info', () => {
    const view = maskSecrets({ [TOKEN_KEY]: 'tok', agent_url: 'http://x:9999' });
    expect(view).to.deep.equal({ [TOKEN_KEY]: '******', agent_url: 'http://x:9999' });
  });

  it('is redacted from logged heartbeat bodies by the service logger (*.agent_token)', () => {
    // The service logger writes to fd 1, so it runs in a child process whose output is read.
    const script =
      "import { createLogger } from './core/log.ts';" +
      "createLogger('info').info({ body: { agent_token: 'tok-123', callback_url: 'http://x' } }, 'heartbeat');";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).to.contain('heartbeat').and.contain('http://x');
    expect(out).not.to.contain('tok-123');
    expect(JSON.parse(out.trim().split('\n').pop()!).body.agent_token).to.equal('******');
  });
});

// Each service's logger takes its level from that service's configuration, and two services in
// one process keep their own levels (there is no process-wide logger to share).
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { extensionLogger } from '../../../api-extension/server.js';
import { loadConfig } from '../../../core/config-load.js';
import { serviceLogger } from '../../../core/log.js';

function sink(): { stream: Writable; lines: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines: () => lines };
}

describe('log level from the configuration', () => {
  it('takes service.log_level from the environment, through the config loader', () => {
    expect(serviceLogger(loadConfig({ env: { TYR_LOG_LEVEL: 'warn' } })).level).to.equal('warn');
  });

  it('takes --log-level over the environment', () => {
    expect(serviceLogger(loadConfig({ env: { TYR_LOG_LEVEL: 'warn' }, flags: { 'log-level': 'debug' } })).level).to.equal('debug');
  });

  it('defaults to info', () => {
    expect(serviceLogger(loadConfig({ env: {} })).level).to.equal('info');
  });

  it('writes only lines at or above the level, per service', () => {
    const quiet = sink();
    const chatty = sink();
    const quietLog = serviceLogger(loadConfig({ env: { TYR_LOG_LEVEL: 'error' } }), quiet.stream);
    const chattyLog = serviceLogger(loadConfig({ env: { TYR_LOG_LEVEL: 'debug' } }), chatty.stream);
    for (const log of [quietLog, chattyLog]) {
      log.child({ component: 'test' }).debug('detail');
      log.error('broken');
    }
    expect(quiet.lines().map((l) => JSON.parse(l).msg)).to.deep.equal(['broken']);
    expect(chatty.lines().map((l) => JSON.parse(l).msg)).to.deep.equal(['detail', 'broken']);
  });

  it('gives the Nova-facing services the level of their own configuration', () => {
    expect(extensionLogger({ logLevel: 'error' }).level).to.equal('error');
    expect(extensionLogger({}).level).to.equal('info');
  });
});

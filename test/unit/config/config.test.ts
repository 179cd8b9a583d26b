import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../core/config-load.js';
import { ConfigError } from '../../../core/errors.js';

function tomlFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cfg-')), 'tyr.toml');
  fs.writeFileSync(file, text);
  return file;
}

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('has a default for every option and derives the SQLite path from the data dir', () => {
    const c = loadConfig({ env: {} });
    expect(c.api.port).to.equal(6385);
    expect(c.api.host).to.equal('127.0.0.1');
    expect(c.database.url).to.equal('sqlite:./var/tyr.sqlite');
    expect(loadConfig({ env: {}, flags: { 'data-dir': '/srv/tyr/' } }).database.url).to.equal('sqlite:/srv/tyr/tyr.sqlite');
  });

  it('layers file < environment < flags, with TYR_<FLAG> and TYR_<SECTION>_<NAME> variables', () => {
    const file = tomlFile('[api]\nport = 7000\nmax_limit = 50\n[conductor]\nsync_power_state_workers = 4\n');
    expect(loadConfig({ env: {}, file }).api.port).to.equal(7000);
    expect(loadConfig({ env: { TYR_API_PORT: '7001' }, file }).api.port).to.equal(7001);
    expect(loadConfig({ env: { TYR_API_PORT: '7001' }, file, flags: { 'api-port': '7002' } }).api.port).to.equal(7002);
    expect(loadConfig({ env: { TYR_DB: 'postgres://u@h/db' } }).database.url).to.equal('postgres://u@h/db');
    expect(loadConfig({ env: { TYR_CONDUCTOR_SYNC_POWER_STATE_WORKERS: '16' }, file }).conductor.sync_power_state_workers).to.equal(16);
  });

  it('returns a frozen object', () => {
    const c = loadConfig({ env: {} });
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.api)).to.equal(true);
  });

  it('names the bad option and the accepted values', () => {
    expect(failure(() => loadConfig({ env: { TYR_LOG_LEVEL: 'loud' } }))).to.equal(
      'invalid value for service.log_level (--log-level): "loud" (accepted: one of trace, debug, info, warn, error, fatal)',
    );
    expect(failure(() => loadConfig({ env: {}, flags: { 'api-port': '70000' } }))).to.contain('an integer from 0 to 65535');
    expect(failure(() => loadConfig({ env: {}, file: tomlFile('[api]\nprot = 1\n') }))).to.match(
      /unknown option api\.prot .*accepted: host, port/,
    );
    expect(failure(() => loadConfig({ env: {}, file: tomlFile('[nope]\n') }))).to.match(/unknown section \[nope\]/);
    expect(failure(() => loadConfig({ env: {}, file: tomlFile('[api\n') }))).to.match(/not valid TOML/);
  });

  it('applies cross-field rules', () => {
    expect(failure(() => loadConfig({ env: {}, flags: { 'auth-strategy': 'http_basic' } }))).to.equal(
      'api.htpasswd_file must be set when api.auth_strategy is http_basic',
    );
    expect(failure(() => loadConfig({ env: { TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '5', TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '10' } }))).to.contain(
      'must be greater than conductor.heartbeat_interval',
    );
    expect(failure(() => loadConfig({ env: {}, flags: { db: 'mysql://x' } }))).to.contain('accepted: sqlite:<path> or postgres://');
  });

  it('keeps the unauthenticated console TCP ports on loopback (issue #18: any address was accepted)', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5']) {
      expect(failure(() => loadConfig({ env: { TYR_CONSOLE_HOST: host } }))).to.match(
        /^console\.host must be a loopback address .*console\/ws/,
      );
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1'])
      expect(loadConfig({ env: { TYR_CONSOLE_HOST: host } }).console.host).to.equal(host);
  });
});

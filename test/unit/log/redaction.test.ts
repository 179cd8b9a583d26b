// Secrets never reach a log line, however deep they sit in the logged object.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../../core/log.js';

describe('log redaction', () => {
  it('masks passwords and tokens at any depth, and keeps errors intact', () => {
    let captured = '';
    const sink = new Writable({
      write(chunk, _e, cb) {
        captured += String(chunk);
        cb();
      },
    });
    createLogger('info', sink)
      .child({ component: 'test' })
      .warn(
        {
          node: { driver_internal_info: { agent_secret_token: 'tok-SECRET-1' }, driver_info: { ipmi_password: 'pw-SECRET-2' } },
          body: { deep: { deeper: { rescue_password: 'pw-SECRET-3' } } },
          req: { headers: { authorization: 'Basic SECRET-4' } },
          err: new Error('boom'),
        },
        'something happened',
      );
    expect(captured).to.contain('something happened');
    expect(captured).to.not.match(/SECRET/);
    expect(captured).to.contain('"agent_secret_token":"******"');
    expect(captured).to.contain('"message":"boom"');
  });
});

// Redfish driver_info: Ironic's keys and meanings, and errors that name the node, the key and
// what it accepts.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRedfishDriverInfo } from '../../../../core/drivers/redfish/driver-info.js';
import { InvalidParameterValue } from '../../../../core/errors.js';

const parse = (info: Record<string, unknown>) => parseRedfishDriverInfo(info, 'node-1');
const problem = (info: Record<string, unknown>): string => {
  try {
    parse(info);
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidParameterValue);
    return (err as Error).message;
  }
  throw new Error('expected an InvalidParameterValue');
};

describe('Redfish driver_info', () => {
  it('reads a full set of keys, with https for a bare host and the defaults', () => {
    expect(parse({ redfish_address: '10.0.0.9', redfish_username: 'root', redfish_password: 'pw' })).to.deep.equal({
      address: 'https://10.0.0.9',
      systemPath: undefined,
      username: 'root',
      password: 'pw',
      verifyCa: true,
      authType: 'auto',
      timeoutSeconds: 60,
    });
    const t = parse({
      redfish_address: 'http://bmc.example:8000/',
      redfish_system_id: '/redfish/v1/Systems/System.Embedded.1',
      redfish_verify_ca: 'False',
      redfish_auth_type: 'Session',
      redfish_timeout: '15',
    });
    expect(t).to.deep.include({ address: 'http://bmc.example:8000', systemPath: '/redfish/v1/Systems/System.Embedded.1' });
    expect(t).to.deep.include({ verifyCa: false, authType: 'session', timeoutSeconds: 15 });
    expect(parse({ redfish_address: 'bmc', redfish_system_id: '1' }).systemPath).to.equal('/redfish/v1/Systems/1');
    expect(parse({ redfish_address: 'bmc', redfish_verify_ca: true }).verifyCa).to.equal(true);
    expect(parse({ redfish_address: '[fd00::9]:443' }).address).to.equal('https://[fd00::9]');
  });

  it('takes a CA bundle path that exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-rf-ca-'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, 'PEM');
    try {
      expect(parse({ redfish_address: 'bmc', redfish_verify_ca: ca }).verifyCa).to.equal(ca);
      expect(problem({ redfish_address: 'bmc', redfish_verify_ca: path.join(dir, 'missing.pem') })).to.contain(
        'must be true, false or the path of an existing CA bundle file',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the node, the key and what it accepts for every problem', () => {
    expect(problem({})).to.equal("Node node-1: driver_info.redfish_address is required: the BMC's Redfish URL, e.g. https://10.0.0.9.");
    expect(problem({ redfish_address: 'ftp://bmc' })).to.contain('redfish_address must use https:// or http://');
    expect(problem({ redfish_address: 'https://bmc/redfish/v1' })).to.contain('no path');
    expect(problem({ redfish_address: 'https://root:secret@bmc' }))
      .to.contain('must not carry credentials')
      .and.not.contain('secret');
    expect(problem({ redfish_address: 'bmc', redfish_system_id: '/redfish/v1/Chassis/1' })).to.contain('redfish_system_id');
    expect(problem({ redfish_address: 'bmc', redfish_auth_type: 'digest' })).to.contain('must be one of session, basic, auto');
    expect(problem({ redfish_address: 'bmc', redfish_timeout: '0' })).to.contain('redfish_timeout must be a whole number of seconds');
    expect(problem({ redfish_address: 'bmc', redfish_timeout: 'soon' })).to.contain('redfish_timeout');
    expect(problem({ redfish_address: 'bmc', redfish_verify_ca: 3 })).to.contain('redfish_verify_ca');
    expect(problem({ redfish_address: { host: 'bmc' } })).to.contain('redfish_address must be a string');
  });
});

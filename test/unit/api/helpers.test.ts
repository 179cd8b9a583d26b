// Pure helpers of the API layer: JSON Patch rules, body checking, masking, node names, MACs.
import { expect } from 'chai';
import { parseBody } from '../../../core/api/body.js';
import { normaliseMac } from '../../../core/api/mac.js';
import { maskSecrets } from '../../../core/mask.js';
import { parseVersion } from '../../../core/api/microversion.js';
import { checkNodeName } from '../../../core/api/nodes/node-input.js';
import { nodeFieldsAt } from '../../../core/api/nodes/node-fields.js';
import { applyJsonPatch } from '../../../core/api/patch.js';
import { InvalidParameterValue, NotAcceptable } from '../../../core/errors.js';

describe('API helpers', () => {
  describe('applyJsonPatch', () => {
    const doc = { name: 'a', properties: { cpus: 4 }, extra: {}, uuid: 'u' };
    const rules = { what: 'Node', readOnly: new Set(['uuid']), mandatory: new Set(['name']) };

    it('returns only the root attributes that changed', () => {
      expect(
        applyJsonPatch(
          doc,
          [
            { op: 'add', path: '/properties/ram', value: 1 },
            { op: 'replace', path: '/name', value: 'a' },
          ],
          rules,
        ),
      ).to.deep.equal({ properties: { cpus: 4, ram: 1 } });
      expect(doc.properties).to.deep.equal({ cpus: 4 });
    });
    it('treats add on an existing root attribute as replace, and remove as null', () => {
      expect(
        applyJsonPatch(
          { ...doc, description: 'x' },
          [
            { op: 'add', path: '/name', value: 'b' },
            { op: 'remove', path: '/description' },
          ],
          rules,
        ),
      ).to.deep.equal({ name: 'b', description: null });
    });
    it('refuses read-only, new root and mandatory removals', () => {
      expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/uuid', value: 'x' }], rules)).to.throw(
        InvalidParameterValue,
        /internal attribute/,
      );
      expect(() => applyJsonPatch(doc, [{ op: 'add', path: '/colour', value: 'x' }], rules)).to.throw(
        /Adding a new attribute \(\/colour\)/,
      );
      expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/name' }], rules)).to.throw(/mandatory attribute/);
      expect(() => applyJsonPatch(doc, [], rules)).to.throw(/non-empty JSON Patch/);
      expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/name', value: 'a' }], rules)).to.throw(/not supported/);
    });
  });

  it('parseBody rejects unknown fields, fields too new for the version, and wrong types', () => {
    const schema = { a: { type: 'string' as const }, b: { type: 'integer' as const, since: 20 } };
    expect(parseBody({ a: 'x' }, schema, 'thing', 1)).to.deep.equal({ a: 'x' });
    expect(() => parseBody({ c: 1 }, schema, 'thing')).to.throw(/Unknown attribute for thing: "c"/);
    expect(() => parseBody({ b: 1 }, schema, 'thing', 19)).to.throw(NotAcceptable, /requires API version 1\.20/);
    expect(() => parseBody({ b: 1.5 }, schema, 'thing', 20)).to.throw(/must be of type integer/);
    expect(() => parseBody(null, schema, 'thing')).to.throw(/must be a JSON object/);
  });

  it("masks keys containing oslo.utils' sanitised fragments at any depth (Ironic's rule), leaving others alone", () => {
    expect(
      maskSecrets({
        ipmi_password: 'p',
        ipmi_username: 'u',
        agent_token: 't',
        tokens: 1,
        deep: [{ password: 'p' }],
        empty_password: '',
        unset_secret: null,
        configdrive: 'blob',
        SSLKey: 'k',
        nested_secret: { inner: 'kept', my_passphrase: 'x' },
        image_source: 'img',
      }),
    ).to.deep.equal({
      ipmi_password: '******',
      ipmi_username: 'u',
      agent_token: '******',
      tokens: '******',
      deep: [{ password: '******' }],
      empty_password: '******',
      unset_secret: null,
      configdrive: '******',
      SSLKey: '******',
      nested_secret: { inner: 'kept', my_passphrase: '******' },
      image_source: 'img',
    });
  });

  it('node names follow Ironic: hostnames before 1.10, unreserved characters after, never UUID-like', () => {
    expect(() => checkNodeName('node-1.example.com', 5)).to.not.throw();
    expect(() => checkNodeName('Node_1', 5)).to.throw(InvalidParameterValue);
    expect(() => checkNodeName('Node_1~x', 10)).to.not.throw();
    expect(() => checkNodeName('bad name', 10)).to.throw(InvalidParameterValue);
    expect(() => checkNodeName('0b8b4a8e-0e1b-4ad5-9a0a-2b7c1f1d0f11', 82)).to.throw(/UUID/);
  });

  it('MACs are validated and lower-cased', () => {
    expect(normaliseMac('52:54:00:AB:cd:EF')).to.equal('52:54:00:ab:cd:ef');
    expect(() => normaliseMac('52-54-00-ab-cd-ef')).to.throw(/Expected a MAC address/);
    expect(() => normaliseMac(42)).to.throw(/Expected a MAC address/);
  });

  it('node fields appear at their microversions', () => {
    expect(nodeFieldsAt(1)).to.not.include('name');
    expect(nodeFieldsAt(5)).to.include('name');
    expect(nodeFieldsAt(30)).to.not.include('boot_interface');
    expect(nodeFieldsAt(31)).to.include.members(['boot_interface', 'power_interface']).and.not.include('storage_interface');
    expect(nodeFieldsAt(82))
      .to.include.members(['shard', 'boot_mode', 'secure_boot', 'lessee', 'network_data'])
      .and.not.include('firmware_interface');
  });

  it('version header: none is 1.1, latest is 1.82, out of range or garbage 406', () => {
    expect(parseVersion(undefined)).to.equal(1);
    expect(parseVersion('latest')).to.equal(82);
    expect(() => parseVersion('1.999')).to.throw(NotAcceptable);
    expect(() => parseVersion('2.1')).to.throw(NotAcceptable);
    expect(() => parseVersion('abc')).to.throw(NotAcceptable);
  });
});

// The label values the metrics derive from what they measure stay bounded: BMC operations without
// arguments or member ids, SQL kinds without the text, route templates without raw paths.
import { expect } from 'chai';
import { routeTemplate, UNMATCHED_ROUTE } from '../../../core/metrics/api-metrics.js';
import { ipmitoolOperation, redfishOperation } from '../../../core/metrics/bmc-operations.js';
import { queryKind } from '../../../core/metrics/db-metrics.js';
import { agentCallResult } from '../../../core/metrics/agent-metrics.js';

describe('metrics: bounded label values', () => {
  it('names ipmitool operations without their arguments', () => {
    expect(ipmitoolOperation(['power', 'status'])).to.equal('power_status');
    expect(ipmitoolOperation(['chassis', 'power', 'on'])).to.equal('power_on');
    expect(ipmitoolOperation(['chassis', 'power', 'soft'])).to.equal('power_soft');
    expect(ipmitoolOperation(['chassis', 'bootdev', 'pxe', 'options=persistent,efiboot'])).to.equal('set_boot_device');
    expect(ipmitoolOperation(['chassis', 'bootparam', 'get', '5'])).to.equal('get_boot_device');
    expect(ipmitoolOperation(['raw', '0x00', '0x08', '0x05'])).to.equal('raw');
    expect(ipmitoolOperation(['sol', 'deactivate'])).to.equal('sol_deactivate');
    expect(ipmitoolOperation(['bmc', 'reset', 'cold'])).to.equal('bmc_reset');
  });

  it('names Redfish requests by action or resource kind, leaving member ids out', () => {
    expect(redfishOperation('GET', '/redfish/v1/Systems/System.Embedded.1')).to.equal('GET Systems');
    expect(redfishOperation('GET', '/redfish/v1/Systems/437XR1138R2')).to.equal('GET Systems');
    expect(redfishOperation('POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset')).to.equal('POST ComputerSystem.Reset');
    expect(redfishOperation('PATCH', '/redfish/v1/Systems/1/Bios/Settings')).to.equal('PATCH Systems/Bios/Settings');
    expect(redfishOperation('POST', '/redfish/v1/Managers/1/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia')).to.equal(
      'POST VirtualMedia.InsertMedia',
    );
    expect(redfishOperation('GET', '/redfish/v1/TaskService/Tasks/JID_123456?$expand=.')).to.equal('GET TaskService/Tasks');
    expect(redfishOperation('GET', '/redfish/v1/')).to.equal('GET root');
  });

  it('labels queries by kind only', () => {
    expect(queryKind('select "uuid" from "nodes" where "id" = ?')).to.equal('select');
    expect(queryKind('  INSERT INTO nodes ...')).to.equal('insert');
    expect(queryKind('update "nodes" set "reservation" = ? where ...')).to.equal('update');
    expect(queryKind('delete from "ports" where ...')).to.equal('delete');
    expect(queryKind('with recent as (select id from nodes) select * from recent')).to.equal('select');
    expect(queryKind('create table "x" ("id" integer)')).to.equal('other');
    expect(queryKind('begin')).to.equal('other');
  });

  it("uses express's matched route template, or unmatched", () => {
    expect(routeTemplate({ baseUrl: '', route: { path: '/v1/nodes/:ident' } })).to.equal('/v1/nodes/:ident');
    expect(routeTemplate({ baseUrl: '', route: { path: ['/v1/heartbeat/:node', '/v1/heartbeat/:node/'] } })).to.equal(
      '/v1/heartbeat/:node',
    );
    expect(routeTemplate({ baseUrl: '/ui/api', route: { path: '/nodes' } })).to.equal('/ui/api/nodes');
    expect(routeTemplate({ baseUrl: '' })).to.equal(UNMATCHED_ROUTE);
  });

  it('sorts agent callbacks into accepted, refused and error', () => {
    expect([202, 200, 404, 401, 409, 500, 503].map(agentCallResult)).to.deep.equal([
      'accepted',
      'accepted',
      'refused',
      'refused',
      'refused',
      'error',
      'error',
    ]);
  });
});

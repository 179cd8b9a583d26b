// The shim's OpenAPI document (/openapi.json): every path, the ComputeDriver method it serves,
// and the error body. Bodies are described by their fields; the adapter is the only client.
const err = { description: 'Error: {"error": {"type": "<nova.exception name>", "message": "..."}}' };
const uuidParam = (name: string, what: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: what,
});
const inst = uuidParam('uuid', 'Nova instance UUID');
const node = uuidParam('uuid', 'Tyr node UUID (the hypervisor_hostname)');
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const obj = (props: Record<string, object>, required: string[] = []) => ({ type: 'object', properties: props, required });
const s = { type: 'string' };
const n = { type: 'number' };
const instanceView = obj({ uuid: s, name: s, node: s, power_state: { type: 'integer' }, power_state_name: s, provision_state: s });
const vifList = obj({ vifs: { type: 'array', items: s } });
const networkInfo = { type: 'array', items: obj({ id: s, address: s }, ['id']) };
const deployBody = obj(
  {
    node: { ...s, description: 'node UUID or name; host:node forces a node' },
    availability_zone: { ...s, description: 'zone or zone:host:node' },
    name: s,
    display_name: s,
    host: s,
    hostname: s,
    key_name: s,
    key_data: s,
    user_data: { ...s, description: 'base64' },
    metadata: { type: 'object' },
    flavor: obj({ root_gb: n, swap: n, ephemeral_gb: n, vcpus: n, memory_mb: n, extra_specs: { type: 'object' } }, [
      'root_gb',
      'vcpus',
      'memory_mb',
    ]),
    image: obj({ id: s, properties: { type: 'object' } }),
    network_info: networkInfo,
    network_data: { type: 'object' },
    configdrive: { description: 'gzip+base64 ISO or {meta_data, user_data, network_data}' },
    preserve_ephemeral: { type: 'boolean' },
    timeout: n,
  },
  ['flavor', 'image'],
);

function op(method: string, summary: string, params: object[], responses: Record<string, object>, body?: object) {
  return {
    [method]: {
      summary,
      operationId: method + summary.replace(/\W+/g, '_'),
      parameters: params,
      ...(body ? { requestBody: json(body) } : {}),
      responses: { ...responses, default: err },
    },
  };
}

export const OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'Tyr Nova virt-driver shim',
    version: '1.0.0',
    description: "One endpoint per ComputeDriver method of Nova's ironic driver; the Python adapter tyr_nova.TyrDriver calls these.",
  },
  paths: {
    '/init_host': op('post', 'init_host', [], { 200: { description: 'core reachable', ...json(obj({ core_url: s, core_version: s })) } }),
    '/instances': op('get', 'list_instances, list_instance_uuids', [], {
      200: { description: 'instances', ...json(obj({ instances: { type: 'array', items: instanceView } })) },
    }),
    '/instances/{uuid}': {
      ...op('get', 'instance_exists', [inst], { 200: { description: 'the instance', ...json(instanceView) } }),
      ...op('put', 'spawn', [inst], { 201: { description: 'active', ...json(instanceView) } }, deployBody),
      ...op('delete', 'destroy', [inst], { 204: { description: 'undeployed (or never there)' } }, obj({ network_info: networkInfo })),
    },
    '/instances/{uuid}/info': op('get', 'get_info', [inst], {
      200: { description: 'Nova power state', ...json(obj({ state: { type: 'integer' }, state_name: s })) },
    }),
    '/instances/{uuid}/actions/{action}': op(
      'post',
      'reboot, power_on, power_off, rebuild, trigger_crash_dump',
      [
        inst,
        {
          name: 'action',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['reboot', 'power_on', 'power_off', 'rebuild', 'trigger_crash_dump'] },
        },
      ],
      { 200: { description: 'done', ...json(instanceView) }, 204: { description: 'NMI sent' } },
      obj({ reboot_type: { type: 'string', enum: ['SOFT', 'HARD'] }, timeout: n, ...deployBody.properties }),
    ),
    '/instances/{uuid}/rescue': {
      ...op(
        'put',
        'rescue',
        [inst],
        { 200: { description: 'rescued', ...json(instanceView) } },
        obj({ rescue_password: s }, ['rescue_password']),
      ),
      ...op('delete', 'unrescue', [inst], { 200: { description: 'active again', ...json(instanceView) } }),
    },
    '/instances/{uuid}/console/serial': op('get', 'get_serial_console', [inst], {
      200: { description: 'tcp console', ...json(obj({ host: s, port: { type: 'integer' } })) },
    }),
    '/instances/{uuid}/vifs': {
      ...op('get', 'list VIFs', [inst], { 200: { description: 'attached VIFs', ...json(vifList) } }),
      ...op('put', 'plug_vifs', [inst], { 200: { description: 'attached VIFs', ...json(vifList) } }, obj({ network_info: networkInfo })),
      ...op(
        'post',
        'attach_interface',
        [inst],
        { 201: { description: 'attached VIFs', ...json(vifList) } },
        obj({ vif: obj({ id: s }, ['id']) }),
      ),
      ...op(
        'delete',
        'unplug_vifs',
        [inst, { name: 'ids', in: 'query', schema: s, description: 'comma-separated VIF ids; all when absent' }],
        { 200: { description: 'attached VIFs', ...json(vifList) } },
      ),
    },
    '/instances/{uuid}/vifs/{vif}': op('delete', 'detach_interface', [inst, { name: 'vif', in: 'path', required: true, schema: s }], {
      200: { description: 'attached VIFs', ...json(vifList) },
    }),
    '/instances/{uuid}/events/power_update': op(
      'post',
      'power_update_event',
      [inst],
      {
        200: {
          description: 'instance state to save',
          ...json(obj({ power_state: { type: 'integer' }, vm_state: s, task_state: { nullable: true }, expected_task_state: s })),
        },
      },
      obj({ target_power_state: { type: 'string', enum: ['POWER_ON', 'POWER_OFF'] } }, ['target_power_state']),
    ),
    '/nodes': op(
      'get',
      'get_available_nodes',
      [
        { name: 'refresh', in: 'query', schema: { type: 'boolean' } },
        { name: 'host', in: 'query', schema: s },
      ],
      { 200: { description: 'node UUIDs', ...json(obj({ nodes: { type: 'array', items: s } })) } },
    ),
    '/nodes/{uuid}': op('get', 'node_is_available', [node, { name: 'host', in: 'query', schema: s }], {
      200: { description: 'availability', ...json(obj({ uuid: s, available: { type: 'boolean' } })) },
    }),
    '/nodes/{uuid}/resources': op('get', 'get_available_resource', [node], {
      200: { description: 'resource dict', ...json({ type: 'object' }) },
    }),
    '/nodes/{uuid}/provider_tree': op('get', 'update_provider_tree', [node], {
      200: { description: 'inventory and traits', ...json(obj({ inventory: { type: 'object' }, traits: { type: 'array', items: s } })) },
    }),
    '/os-baremetal-nodes': {
      get: { summary: 'legacy os-baremetal-nodes API (api-extension/)', responses: { 200: { description: 'see api-extension/README' } } },
    },
  },
};

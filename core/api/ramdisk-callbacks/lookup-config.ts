// The `config` of a lookup answer: what a stock ironic-python-agent reads from it
// (agent.py, process_lookup_data), with the values Ironic sends by default
// (ironic/api/controllers/v1/ramdisk.py, config()). Tyr collects no agent metrics, so the agent's
// metrics backend is "noop", as in a default Ironic.
export interface LookupConfig {
  heartbeat_timeout: number;
  agent_token: string;
  agent_token_required: true;
  metrics: { backend: 'noop'; prepend_host: false; prepend_uuid: false; prepend_host_reverse: true; global_prefix: null };
  metrics_statsd: { statsd_host: string; statsd_port: number };
  /** IPA refuses md5 image checksums unless told otherwise (Ironic's [agent]allow_md5_checksum, off by default). */
  agent_md5_checksum_enable: false;
  /** IPA's image format safety checks stay on (Ironic's [conductor]disable_deep_image_inspection). */
  disable_deep_image_inspection: false;
  permitted_image_formats: string[];
}

export function lookupConfig(heartbeatTimeout: number, token: string): LookupConfig {
  return {
    heartbeat_timeout: heartbeatTimeout,
    agent_token: token,
    agent_token_required: true,
    metrics: { backend: 'noop', prepend_host: false, prepend_uuid: false, prepend_host_reverse: true, global_prefix: null },
    metrics_statsd: { statsd_host: 'localhost', statsd_port: 8125 },
    agent_md5_checksum_enable: false,
    disable_deep_image_inspection: false,
    permitted_image_formats: ['raw', 'qcow2', 'iso'],
  };
}

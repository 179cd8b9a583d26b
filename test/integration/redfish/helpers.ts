// What the Redfish integration tests share: service options that keep simulator tests quick.

/** startApi() overrides: fast power polling, quick retries, no periodic power sync (tests run passes). */
export const QUICK_REDFISH = {
  redfish: { power_poll_interval_ms: 20, retry_base_delay_ms: 10, retry_max_delay_seconds: 2 },
  conductor: { sync_power_state_interval: 0, power_state_change_timeout: 10, power_failure_maintenance_threshold: 2 },
};

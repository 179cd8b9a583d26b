// Ironic's node capabilities: "k1:v1,k2:v2" in properties.capabilities and
// instance_info.capabilities (Nova's flavor extra specs arrive as an object, or as that object in a
// JSON string, as Ironic's parse_instance_info_capabilities reads them). One parser, so
// boot mode, Secure Boot, inspection and virtual media all read them the same way.

/**
 * instance_info.capabilities as Nova's ironic driver writes it: a JSON object in a string
 * (driver/instance-info.ts does the same); undefined when the string is not one.
 */
export function jsonCapabilities(capabilities: string): Record<string, unknown> | undefined {
  if (!capabilities.trim().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(capabilities);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Every key:value pair; a value may itself contain ':' (only the first one splits). */
export function parseCapabilities(capabilities: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const json = typeof capabilities === 'string' ? jsonCapabilities(capabilities) : undefined;
  if (json) return parseCapabilities(json);
  if (typeof capabilities === 'string') {
    for (const pair of capabilities.split(',')) {
      const at = pair.indexOf(':');
      if (at <= 0) continue;
      const key = pair.slice(0, at).trim();
      if (key) out[key] = pair.slice(at + 1).trim();
    }
  } else if (capabilities && typeof capabilities === 'object' && !Array.isArray(capabilities)) {
    for (const [key, value] of Object.entries(capabilities as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') out[key] = String(value);
    }
  }
  return out;
}

export function capability(capabilities: unknown, key: string): string | undefined {
  return parseCapabilities(capabilities)[key];
}

/** The capabilities string with key set to value (replacing any earlier value), in Ironic's string form. */
export function withCapability(capabilities: unknown, key: string, value: string): string {
  const pairs = { ...parseCapabilities(capabilities), [key]: value };
  return Object.entries(pairs)
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
}

// smartctl's JSON output (-j). smartctl's exit status is a bit mask: bits 0-1 mean it could not
// talk to the device (no SMART: virtio disks, files), which a burn-in records as "unsupported";
// bit 3 and smart_status.passed=false mean the disk says it is failing.
export interface SmartVerdict {
  device: string;
  supported: boolean;
  passed: boolean | null;
  message: string | null;
}

interface SmartJson {
  smartctl?: { exit_status?: number; messages?: Array<{ string?: string; severity?: string }> };
  smart_status?: { passed?: boolean };
}

export function parseSmartJson(device: string, text: string): SmartVerdict {
  let doc: SmartJson;
  try {
    doc = JSON.parse(text) as SmartJson;
  } catch {
    return { device, supported: false, passed: null, message: `smartctl printed no JSON: ${text.slice(0, 200)}` };
  }
  const status = doc.smartctl?.exit_status ?? 0;
  const message =
    doc.smartctl?.messages
      ?.map((m) => m.string)
      .filter(Boolean)
      .join('; ') || null;
  if (doc.smart_status?.passed === false || (status & 0b1000) !== 0) {
    return { device, supported: true, passed: false, message: message ?? 'SMART overall-health self-assessment: FAILED' };
  }
  if ((status & 0b11) !== 0 || doc.smart_status === undefined) return { device, supported: false, passed: null, message };
  return { device, supported: true, passed: true, message };
}

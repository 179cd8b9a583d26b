// A NIC's switch port from the LLDP TLVs IPA reports (interfaces[].lldp: [type, hex value] pairs,
// collected with ipa-collect-lldp=1), as a port's local_link_connection, read as Ironic's
// local_link_connection hook reads it: chassis ID (type 1) with the MAC subtype (4) is switch_id,
// port ID (type 2) with the MAC (3), interface name (5) or local (7) subtype is port_id, and the
// system name (type 5) is switch_info. Anything else, or a malformed TLV, is skipped.
const CHASSIS_ID = 1;
const PORT_ID = 2;
const SYSTEM_NAME = 5;
const SUBTYPE_MAC = 4;
const PORT_SUBTYPE_MAC = 3;
const PORT_SUBTYPES_TEXT = [5, 7];

function bytesOf(hex: unknown): Buffer | undefined {
  return typeof hex === 'string' && /^([0-9a-f]{2})+$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

const macOf = (b: Buffer) => (b.length === 6 ? [...b].map((x) => x.toString(16).padStart(2, '0')).join(':') : undefined);
const textOf = (b: Buffer) => {
  const s = b.toString('utf8').replace(/\0+$/, '');
  return s && s.length <= 255 && !/[\x00-\x1f]/.test(s) ? s : undefined;
};

export function localLinkConnection(lldp: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(lldp)) return out;
  for (const tlv of lldp) {
    if (!Array.isArray(tlv)) continue;
    const [type, hex] = tlv as unknown[];
    const value = bytesOf(hex);
    if (!value?.length) continue;
    const sub = value[0]!;
    const rest = value.subarray(1);
    if (type === CHASSIS_ID && sub === SUBTYPE_MAC && !out.switch_id) {
      const mac = macOf(rest);
      if (mac) out.switch_id = mac;
    } else if (type === PORT_ID && !out.port_id) {
      const id = sub === PORT_SUBTYPE_MAC ? macOf(rest) : PORT_SUBTYPES_TEXT.includes(sub) ? textOf(rest) : undefined;
      if (id) out.port_id = id;
    } else if (type === SYSTEM_NAME && !out.switch_info) {
      const name = textOf(value);
      if (name) out.switch_info = name;
    }
  }
  return out;
}

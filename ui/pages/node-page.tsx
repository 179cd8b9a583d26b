// Placeholder: one node (summary, allowed actions, inventory, ports, BIOS, firmware, RAID, burn-in, history).
export function NodePage({ ident }: { ident: string }) {
  return <h1>Node {ident}</h1>;
}

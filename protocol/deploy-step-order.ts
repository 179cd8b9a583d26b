// The interfaces a deploy step may name, and their rank when two steps share a priority (Ironic's
// order). The API refuses a deploy template naming another; the conductor sorts steps with it.
export const DEPLOY_INTERFACE_PRIORITY: Readonly<Record<string, number>> = { power: 5, management: 4, deploy: 3, bios: 2, raid: 1 };

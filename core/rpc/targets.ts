// Which conductor an API process sends a call to. A call about a node goes to the node's owner on
// the hash ring; an inspection callback from a machine no node knows yet (discovery) goes to the
// owner of its first MAC, or to any live conductor when none serves the discovery driver.
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import { ServiceUnavailable } from '../errors.js';

type RingKey = Pick<Node, 'uuid' | 'driver' | 'conductor_group'>;

/** The part of the conductors' hash ring routing reads (core/conductor/ring/ring-view.ts has it). */
export interface OwnerRing {
  ownerOf(key: RingKey): Promise<string | null>;
  liveConductors(): Promise<{ hostname: string; hardware_types: string[] }[]>;
}

/**
 * The conductor's own matching of agent and inspection calls to nodes, injected by the
 * composition root (core/processes/node-matching.ts): the API process must pick the node the
 * conductor would, with the same 400s and 404s, without depending on the conductor's modules.
 */
export interface NodeMatching {
  /** The node an agent's lookup names. */
  lookupNode(addresses: string[], nodeUuid?: string): Promise<Node>;
  /** The node an inspection callback belongs to, or the first MAC of a machine no node knows. */
  inspectionSubject(body: unknown, nodeUuid?: string): Promise<{ node: Node } | { firstMac: string }>;
}

export interface Target {
  /** What the call is about, for messages ("node <uuid>"). */
  readonly subject: string;
  /** The hostname of the conductor to call, or null when no live conductor can take it. */
  owner(ring: OwnerRing): Promise<string | null>;
  /** The 503 when owner() is null. */
  noOwner(): ServiceUnavailable;
}

export function nodeTarget(node: RingKey): Target {
  return {
    subject: `node ${node.uuid}`,
    owner: (ring) => ring.ownerOf(node),
    noOwner: () =>
      new ServiceUnavailable(
        `No live conductor serves node ${node.uuid} (conductor group "${node.conductor_group}", driver ${node.driver}); ` +
          `start a conductor with conductor.conductor_group "${node.conductor_group}" and hardware type ${node.driver} enabled, then retry.`,
      ),
  };
}

function discoveryTarget(firstMac: string, config: Config): Target {
  const key = { uuid: firstMac, driver: config.discovery.default_driver, conductor_group: '' };
  return {
    subject: `the new machine with MAC ${firstMac}`,
    async owner(ring) {
      return (await ring.ownerOf(key)) ?? (await ring.liveConductors())[0]?.hostname ?? null;
    },
    noOwner: () =>
      new ServiceUnavailable(
        `No conductor is alive to take the inspection data of the machine with MAC ${firstMac}; start a conductor (tyr conductor) and retry.`,
      ),
  };
}

/** Work tied to no node (an allocation's search): any live conductor, picked at random to spread the load. */
export function anyConductorTarget(subject: string): Target {
  return {
    subject,
    async owner(ring) {
      const live = await ring.liveConductors();
      return live[Math.floor(Math.random() * live.length)]?.hostname ?? null;
    },
    noOwner: () => new ServiceUnavailable(`No conductor is alive to process ${subject}; start a conductor (tyr conductor) and retry.`),
  };
}

export interface Resolver {
  store: Store;
  config: Config;
  matching: NodeMatching;
}

export async function nodeByUuid(r: Resolver, uuid: string): Promise<Target> {
  return nodeTarget(await r.store.nodes.getByIdent(uuid));
}

/** The node the agent's lookup names (same matching and messages as the conductor's). */
export async function lookupTarget(r: Resolver, addresses: string[], nodeUuid?: string): Promise<Target> {
  return nodeTarget(await r.matching.lookupNode(addresses, nodeUuid));
}

/** Matches the callback like the conductor does (MACs, then BMC address); 400s, 413s and refusals are raised here already. */
export async function inspectionTarget(r: Resolver, body: unknown, nodeUuid?: string): Promise<Target> {
  const subject = await r.matching.inspectionSubject(body, nodeUuid);
  return 'node' in subject ? nodeTarget(subject.node) : discoveryTarget(subject.firstMac, r.config);
}

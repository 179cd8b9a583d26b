// The driver registry: hardware types plus the map of implementation factories, both handed in
// by the composition root. It resolves a node's interface choices into instances and fills
// defaults for unset ones. Nothing here imports an implementation.
import type { Config } from '../config.js';
import type { Node } from '../db/types.js';
import { InvalidParameterValue } from '../errors.js';
import type { HardwareType, HardwareTypeInfo } from './hardware-types.js';
import { INTERFACE_KINDS, type InterfaceKind, type InterfaceTypes, type NodeInterfaces } from './interfaces/kinds.js';

export type ImplementationFactory<K extends InterfaceKind> = (config: Config) => InterfaceTypes[K];

/** Per kind: implementation name → factory. Built once, at the composition root. */
export type ImplementationMap = { [K in InterfaceKind]: Record<string, ImplementationFactory<K>> };

const fieldOf = (kind: InterfaceKind) => `${kind}_interface` as const;

/**
 * Names that mean another implementation: Tyr's older short `no` (now Ironic's `no-<kind>`), and
 * Ironic's `pxe` boot, which Tyr serves with iPXE.
 */
export function canonicalInterfaceName(kind: InterfaceKind, name: string, supported: readonly string[]): string {
  if (name === 'no' && !supported.includes('no') && supported.includes(`no-${kind}`)) return `no-${kind}`;
  if (kind === 'boot' && name === 'pxe' && supported.includes('ipxe')) return 'ipxe';
  return name;
}

/** The 400 for a node naming a hardware type no one enabled. */
export function noSuchHardwareType(name: string, enabled: readonly string[]): InvalidParameterValue {
  return new InvalidParameterValue(`No valid hardware type "${name}" is enabled. Enabled hardware types: ${enabled.join(', ')}.`);
}

/** What checking a node needs of its hardware type: a registry's HardwareType or a catalog's HardwareTypeInfo. */
type CheckedType = Pick<HardwareTypeInfo, 'name'> & { interfaces: Readonly<Record<string, readonly string[]>> };

/**
 * Checks a node's driver (found by `find`, which throws for an unknown one) and `*_interface`
 * fields; returns the fields with the hardware type's defaults filled in where unset (null or absent).
 */
export function checkNodeDriver(node: Partial<Node>, find: (name: string) => CheckedType): Partial<Node> {
  if (!node.driver) throw new InvalidParameterValue('A node needs a "driver" (hardware type).');
  const ht = find(node.driver);
  const out: Partial<Node> = { ...node };
  for (const kind of INTERFACE_KINDS) {
    const field = fieldOf(kind);
    const supported = ht.interfaces[kind] ?? [];
    const chosen = node[field] == null ? node[field] : canonicalInterfaceName(kind, node[field], supported);
    if (chosen === undefined || chosen === null) {
      out[field] = supported[0]!;
    } else if (supported.includes(chosen)) {
      out[field] = chosen;
    } else {
      throw new InvalidParameterValue(
        `Could not find a suitable ${kind} interface "${chosen}" for hardware type ${ht.name}: it supports ${supported.join(', ')}. Set ${field} to one of those, or change the driver with reset_interfaces=true (baremetal node set --driver ${ht.name} --reset-interfaces).`,
      );
    }
  }
  return out;
}

export class DriverRegistry {
  private readonly types = new Map<string, HardwareType>();
  private readonly instances = new Map<string, unknown>();

  /**
   * A hardware type is enabled with the names the map provides. A type whose kinds end up
   * with no implementation at all (e.g. ipmi without ipmitool registered) is left out.
   */
  constructor(
    private readonly config: Config,
    private readonly impls: ImplementationMap,
    hardwareTypes: readonly HardwareType[],
  ) {
    for (const ht of hardwareTypes) {
      const interfaces = Object.fromEntries(
        INTERFACE_KINDS.map((k) => {
          const registered = Object.keys(impls[k]);
          return [k, ht.interfaces[k].map((n) => canonicalInterfaceName(k, n, registered)).filter((n) => registered.includes(n))];
        }),
      );
      if (INTERFACE_KINDS.every((k) => interfaces[k]!.length > 0)) {
        this.types.set(ht.name, { name: ht.name, interfaces: interfaces as unknown as HardwareType['interfaces'] });
      }
    }
  }

  hardwareTypeNames(): string[] {
    return [...this.types.keys()];
  }

  hardwareType(name: string): HardwareType {
    const ht = this.types.get(name);
    if (!ht) throw noSuchHardwareType(name, this.hardwareTypeNames());
    return ht;
  }

  /** One implementation instance per (kind, name): implementations keep no per-node fields. */
  implementation<K extends InterfaceKind>(kind: K, name: string): InterfaceTypes[K] {
    const key = `${kind}/${name}`;
    let inst = this.instances.get(key) as InterfaceTypes[K] | undefined;
    if (!inst) {
      const factory = this.impls[kind][name];
      if (!factory) throw new InvalidParameterValue(`No ${kind} interface named "${name}" is registered.`);
      inst = factory(this.config);
      this.instances.set(key, inst);
    }
    return inst;
  }

  info(): HardwareTypeInfo[] {
    return [...this.types.values()].map((ht) => {
      const properties: Record<string, string> = {};
      for (const kind of INTERFACE_KINDS) {
        const impl = this.implementation(kind, ht.interfaces[kind][0]!);
        for (const [key, p] of Object.entries(impl.properties)) properties[key] = `${p.description}${p.required ? ' Required.' : ''}`;
      }
      return { name: ht.name, interfaces: Object.fromEntries(INTERFACE_KINDS.map((k) => [k, [...ht.interfaces[k]]])), properties };
    });
  }

  /** checkNodeDriver against this registry's hardware types. */
  checkNode(node: Partial<Node>): Partial<Node> {
    return checkNodeDriver(node, (name) => this.hardwareType(name));
  }

  /** The node's implementation of every kind (defaults for fields still unset). */
  interfacesFor(node: Node): NodeInterfaces {
    const checked = this.checkNode(node);
    const out: Partial<Record<InterfaceKind, unknown>> = {};
    for (const kind of INTERFACE_KINDS) out[kind] = this.implementation(kind, checked[fieldOf(kind)] as string);
    return out as NodeInterfaces;
  }
}

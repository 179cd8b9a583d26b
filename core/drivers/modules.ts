// Vendor driver modules (drivers.modules): JavaScript/TypeScript modules that add hardware types
// and the implementations behind them without changing Tyr. Each module exports `tyrDrivers`
// (a DriverModule, or a function of the configuration returning one). They are loaded at the
// composition root before the registry is built; a bad module stops start-up with a ConfigError
// naming the module and what is wrong, never a half-registered driver.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { HardwareType } from './hardware-types.js';
import { INTERFACE_KINDS, type InterfaceKind } from './interfaces/kinds.js';
import { canonicalInterfaceName, type ImplementationFactory, type ImplementationMap } from './registry.js';

export interface DriverModule {
  /** Implementation factories by kind, under names that are new (built-in names stay built-in). */
  implementations?: { [K in InterfaceKind]?: Record<string, ImplementationFactory<K>> };
  hardwareTypes?: HardwareType[];
}

export type DriverModuleExport = DriverModule | ((config: Config) => DriverModule | Promise<DriverModule>);

/** The paths listed in drivers.modules (comma-separated), resolved against the working directory. */
export function modulePaths(config: Pick<Config, 'drivers'>): string[] {
  return config.drivers.modules
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => path.resolve(p));
}

async function importModule(file: string, config: Config): Promise<DriverModule> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`drivers.modules: cannot load ${file}: ${(err as Error).message}`);
  }
  const exported = mod.tyrDrivers as DriverModuleExport | undefined;
  if (exported === undefined) {
    throw new ConfigError(
      `drivers.modules: ${file} has no "tyrDrivers" export (expected { implementations, hardwareTypes } or a function of the config returning it)`,
    );
  }
  const value = typeof exported === 'function' ? await exported(config) : exported;
  if (typeof value !== 'object' || value === null) throw new ConfigError(`drivers.modules: ${file}: tyrDrivers must be an object`);
  return value;
}

function addImplementations(file: string, into: ImplementationMap, impls: DriverModule['implementations']): void {
  for (const [kind, byName] of Object.entries(impls ?? {})) {
    if (!(INTERFACE_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigError(`drivers.modules: ${file}: unknown interface kind "${kind}" (kinds: ${INTERFACE_KINDS.join(', ')})`);
    }
    const target = into[kind as InterfaceKind] as Record<string, unknown>;
    for (const [name, factory] of Object.entries(byName ?? {})) {
      if (typeof factory !== 'function')
        throw new ConfigError(`drivers.modules: ${file}: ${kind} implementation "${name}" must be a factory function (config) => instance`);
      if (name in target)
        throw new ConfigError(
          `drivers.modules: ${file}: a ${kind} implementation named "${name}" is already registered; choose another name`,
        );
      target[name] = factory;
    }
  }
}

function checkHardwareType(file: string, ht: HardwareType, impls: ImplementationMap, taken: Set<string>): void {
  if (!ht || typeof ht.name !== 'string' || !ht.name) throw new ConfigError(`drivers.modules: ${file}: every hardware type needs a "name"`);
  if (taken.has(ht.name)) throw new ConfigError(`drivers.modules: ${file}: hardware type "${ht.name}" already exists`);
  for (const kind of INTERFACE_KINDS) {
    const names = ht.interfaces?.[kind];
    if (!Array.isArray(names) || names.length === 0) {
      throw new ConfigError(
        `drivers.modules: ${file}: hardware type "${ht.name}" lists no ${kind} implementations (every kind needs at least one, e.g. "no-${kind}" or "noop")`,
      );
    }
    const missing = names.filter((n: string) => !(canonicalInterfaceName(kind, n, Object.keys(impls[kind])) in impls[kind]));
    if (missing.length) {
      throw new ConfigError(
        `drivers.modules: ${file}: hardware type "${ht.name}" names ${kind} implementation(s) ${missing.join(', ')} that no module registers (registered: ${Object.keys(impls[kind]).join(', ')})`,
      );
    }
  }
  taken.add(ht.name);
}

/** Loads every module of drivers.modules into copies of `impls` and `types`. */
export async function loadDriverModules(
  config: Config,
  impls: ImplementationMap,
  types: readonly HardwareType[],
): Promise<{ implementations: ImplementationMap; hardwareTypes: HardwareType[] }> {
  const implementations = Object.fromEntries(INTERFACE_KINDS.map((k) => [k, { ...impls[k] }])) as ImplementationMap;
  const hardwareTypes = [...types];
  const taken = new Set(types.map((t) => t.name));
  const loaded: { file: string; mod: DriverModule }[] = [];
  for (const file of modulePaths(config)) {
    const mod = await importModule(file, config);
    addImplementations(file, implementations, mod.implementations);
    loaded.push({ file, mod });
  }
  // Types are checked once every module registered its implementations: a type may use another's.
  for (const { file, mod } of loaded) {
    for (const ht of mod.hardwareTypes ?? []) {
      checkHardwareType(file, ht, implementations, taken);
      hardwareTypes.push(ht);
    }
  }
  return { implementations, hardwareTypes };
}

// Every repository over one database: what the API and conductor are handed.
import type { Db } from './connect.js';
import { AllocationRepo } from './allocations.js';
import { ChassisRepo } from './chassis.js';
import { ConductorHardwareTypeRepo } from './conductor-hardware-types.js';
import { ConductorRepo } from './conductors.js';
import { DeployTemplateRepo } from './deploy-templates.js';
import { BiosSettingsRepo, FirmwareComponentsRepo } from './hardware-ops.js';
import { HistoryRepo } from './history.js';
import { InspectionRepo } from './inspection.js';
import { InventoryRepo } from './inventory.js';
import { NodeRepo } from './nodes.js';
import { NodeChangesRepo } from './node-changes.js';
import { PortChangesRepo } from './port-changes.js';
import { NodeSearchRepo } from './node-search.js';
import { FleetSummaryRepo } from './fleet-summary.js';
import { PortgroupRepo } from './portgroups.js';
import { PortRepo } from './ports.js';
import { TraitRepo } from './traits.js';
import { VolumeConnectorRepo } from './volume-connectors.js';
import { VolumeTargetRepo } from './volume-targets.js';

export class Store {
  readonly nodes: NodeRepo;
  readonly ports: PortRepo;
  readonly portgroups: PortgroupRepo;
  readonly chassis: ChassisRepo;
  readonly conductors: ConductorRepo;
  readonly conductorHardwareTypes: ConductorHardwareTypeRepo;
  readonly traits: TraitRepo;
  readonly history: HistoryRepo;
  readonly inventory: InventoryRepo;
  readonly inspection: InspectionRepo;
  readonly bios: BiosSettingsRepo;
  readonly firmware: FirmwareComponentsRepo;
  readonly allocations: AllocationRepo;
  readonly volumeConnectors: VolumeConnectorRepo;
  readonly volumeTargets: VolumeTargetRepo;
  readonly deployTemplates: DeployTemplateRepo;
  /** The web console's reads (core/web): search, overview counts, the change feed. */
  readonly nodeSearch: NodeSearchRepo;
  readonly fleetSummary: FleetSummaryRepo;
  readonly nodeChanges: NodeChangesRepo;
  /** The dnsmasq resync's reads between full passes. */
  readonly portChanges: PortChangesRepo;

  constructor(readonly db: Db) {
    const k = db.kysely;
    this.nodes = new NodeRepo(k);
    this.ports = new PortRepo(k);
    this.portgroups = new PortgroupRepo(k);
    this.chassis = new ChassisRepo(k);
    this.conductors = new ConductorRepo(k);
    this.conductorHardwareTypes = new ConductorHardwareTypeRepo(k);
    this.traits = new TraitRepo(k);
    this.history = new HistoryRepo(k);
    this.inventory = new InventoryRepo(k);
    this.inspection = new InspectionRepo(k);
    this.bios = new BiosSettingsRepo(k);
    this.firmware = new FirmwareComponentsRepo(k);
    this.allocations = new AllocationRepo(k);
    this.volumeConnectors = new VolumeConnectorRepo(k);
    this.volumeTargets = new VolumeTargetRepo(k);
    this.deployTemplates = new DeployTemplateRepo(k);
    this.nodeSearch = new NodeSearchRepo(k, db.dialect);
    this.fleetSummary = new FleetSummaryRepo(k);
    this.nodeChanges = new NodeChangesRepo(k);
    this.portChanges = new PortChangesRepo(k);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

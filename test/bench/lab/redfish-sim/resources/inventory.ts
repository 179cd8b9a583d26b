// The system's hardware inventory as out-of-band inspection reads it: Processors, Memory (DIMMs)
// and EthernetInterfaces (one per NIC MAC), all from the machine's spec.
import type { SimContext } from '../context.js';
import { notFound } from '../errors.js';
import { ENABLED, collection, ok, resource, type Json } from '../odata.js';
import { param, type Route } from '../router.js';

/** One collection of members made from the spec, each member at <collection>/<id>. */
function memberRoutes(base: string, collectionType: string, name: string, members: () => Map<string, (path: string) => Json>): Route[] {
  return [
    {
      path: base,
      handlers: {
        GET: () =>
          ok(
            collection(
              base,
              collectionType,
              name,
              [...members().keys()].map((id) => `${base}/${id}`),
            ),
          ),
      },
    },
    {
      path: `${base}/:id`,
      handlers: {
        GET: (req) => {
          const make = members().get(param(req, 'id'));
          return make ? ok(make(req.path)) : notFound(req.path);
        },
      },
    },
  ];
}

/** DIMMs of equal size: two when the memory splits evenly, one otherwise. */
function dimmsMib(memoryMb: number): number[] {
  return memoryMb >= 2048 && memoryMb % 2 === 0 ? [memoryMb / 2, memoryMb / 2] : [memoryMb];
}

export function inventoryRoutes(ctx: SimContext): Route[] {
  const spec = () => ctx.machine.spec;
  const sys = ctx.systemPath;
  const processors = () =>
    new Map(
      Array.from({ length: spec().cpus }, (_, i) => [
        `CPU${i + 1}`,
        (path: string) =>
          resource(path, '#Processor.v1_10_0.Processor', {
            Id: `CPU${i + 1}`,
            Name: `Processor ${i + 1}`,
            Socket: `CPU ${i + 1}`,
            ProcessorType: 'CPU',
            ProcessorArchitecture: spec().arch === 'ARM' ? 'ARM' : 'x86',
            InstructionSet: spec().arch === 'ARM' ? 'ARM-A64' : 'x86-64',
            Manufacturer: spec().manufacturer,
            Model: spec().cpuModel,
            MaxSpeedMHz: 2400,
            TotalCores: spec().coresPerCpu,
            TotalThreads: spec().coresPerCpu,
            Status: ENABLED,
          }),
      ]),
    );
  const memory = () =>
    new Map(
      dimmsMib(spec().memoryMb).map((mib, i) => [
        `DIMM${i + 1}`,
        (path: string) =>
          resource(path, '#Memory.v1_11_0.Memory', {
            Id: `DIMM${i + 1}`,
            Name: `DIMM ${i + 1}`,
            CapacityMiB: mib,
            MemoryDeviceType: 'DDR4',
            MemoryType: 'DRAM',
            OperatingSpeedMhz: 3200,
            Status: ENABLED,
          }),
      ]),
    );
  const nics = () =>
    new Map(
      spec().nics.map((mac, i) => [
        String(i + 1),
        (path: string) =>
          resource(path, '#EthernetInterface.v1_6_0.EthernetInterface', {
            Id: String(i + 1),
            Name: `NIC ${i + 1}`,
            MACAddress: mac,
            PermanentMACAddress: mac,
            LinkStatus: 'LinkUp',
            SpeedMbps: 1000,
            InterfaceEnabled: true,
            Status: ENABLED,
          }),
      ]),
    );
  return [
    ...memberRoutes(`${sys}/Processors`, '#ProcessorCollection.ProcessorCollection', 'Processors', processors),
    ...memberRoutes(`${sys}/Memory`, '#MemoryCollection.MemoryCollection', 'Memory', memory),
    ...memberRoutes(`${sys}/EthernetInterfaces`, '#EthernetInterfaceCollection.EthernetInterfaceCollection', 'Ethernet Interfaces', nics),
  ];
}

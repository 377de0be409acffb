import type { ServicePointList, ServicePointQuery } from '@hall/contracts';
import type { z } from 'zod';
import { currentImplementation } from '../implementations/current-implementation.js';
import type { IntakeStore } from '../intake.store.js';
import { byNearness, modeAt, nearness, type ServicePoint } from './service-network.js';
import { listServicePoints } from './service-point.repository.js';

type Query = z.output<typeof ServicePointQuery>;

/** Where an item can be handled (办理地点), nearest first for the asker's region. */
export class ServicePointsService {
  constructor(private readonly store: IntakeStore) {}

  async list(q: Query): Promise<ServicePointList> {
    let points: ServicePoint[] = await listServicePoints(this.store.prisma);
    let modeOf: (p: ServicePoint) => ServicePointList[number]['mode'] = () => null;
    if (q.implementationCode) {
      const { snapshot } = await currentImplementation(this.store.prisma, q.implementationCode);
      const item = { regionCode: snapshot.regionCode, baseCode: snapshot.baseItem.code };
      modeOf = (p) => modeAt(p, item);
      points = points.filter((p) => modeOf(p) !== null);
    }
    const region = q.region;
    if (region) points.sort(byNearness(region));
    return points.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      regionCode: p.regionCode,
      address: p.address,
      openingHours: p.openingHours,
      phone: p.phone,
      acceptsAllOfRegion: p.acceptsAllOfRegion,
      items: p.items.map((i) => ({ baseCode: i.baseCode, mode: i.mode })),
      mode: modeOf(p),
      nearness: region ? nearness(p.regionCode, region) : null,
    }));
  }
}

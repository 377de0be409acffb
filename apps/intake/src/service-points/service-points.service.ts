import { regionCovers, type CurrentUser } from '@hall/auth';
import type { ServicePointAdminList, ServicePointList, ServicePointQuery } from '@hall/contracts';
import type { z } from 'zod';
import { currentImplementation } from '../implementations/current-implementation.js';
import type { IntakeStore } from '../intake.store.js';
import { byNearness, modeAt, nearness, type ServicePoint } from './service-network.js';
import {
  baseItemNames,
  findServicePoint,
  listServicePoints,
  saveServicePoint,
} from './service-point.repository.js';
import {
  adminRegion,
  servicePointAdminView,
  type ServicePointAdminPort,
} from './usecases/save-service-point.js';

type Query = z.output<typeof ServicePointQuery>;

/** Where an item can be handled (办理地点), nearest first for the asker's region. */
export class ServicePointsService {
  constructor(private readonly store: IntakeStore) {}

  /** The port of 服务网点管理 (SaveServicePoint) over intake's database. */
  adminPort(): ServicePointAdminPort {
    const db = this.store.prisma;
    return {
      find: (id) => findServicePoint(db, id),
      save: (point) => saveServicePoint(db, point),
      baseItemNames: (codes) => baseItemNames(db, codes),
    };
  }

  /** 服务网点管理: the points of the administrator's region, with item names, clerk counts and 预约 settings. */
  async adminList(user: CurrentUser): Promise<ServicePointAdminList> {
    const region = adminRegion(user);
    const points = (await listServicePoints(this.store.prisma)).filter((p) =>
      regionCovers(region, p.regionCode),
    );
    const names = await baseItemNames(this.store.prisma, [
      ...new Set(points.flatMap((p) => p.items.map((i) => i.baseCode))),
    ]);
    return { items: points.map((p) => servicePointAdminView(p, names)) };
  }

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

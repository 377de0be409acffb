import { randomUUID } from 'node:crypto';
import { isRegionCode, regionCovers, regionLevel, type CurrentUser } from '@hall/auth';
import type { ServicePointAdmin, ServicePointInput } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { z } from 'zod';
import { IntakeErrorCode, unprocessable } from '../../intake.errors.js';
import { DEFAULT_APPOINTMENT_SETTINGS } from '../../appointments/appointment-rules.js';
import type { ServicePoint } from '../service-network.js';

type Input = z.output<typeof ServicePointInput>;

/** What 服务网点管理 reads and writes: one point, its save, and the names of the items it may list. */
export interface ServicePointAdminPort {
  find(id: string): Promise<ServicePoint | null>;
  save(point: ServicePoint): Promise<void>;
  /** 基本编码 → 事项名称 of the published implementations known to intake, for the given codes. */
  baseItemNames(codes: readonly string[]): Promise<Map<string, string>>;
}

/** The point as its administrator sees it (item names, number of clerks, 预约 settings). */
export function servicePointAdminView(
  p: ServicePoint,
  names: ReadonlyMap<string, string>,
): ServicePointAdmin {
  const appointments = p.appointments ?? DEFAULT_APPOINTMENT_SETTINGS;
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    regionCode: p.regionCode,
    address: p.address,
    openingHours: p.openingHours,
    phone: p.phone,
    acceptsAllOfRegion: p.acceptsAllOfRegion,
    items: p.items.map((i) => ({ baseCode: i.baseCode, mode: i.mode, name: names.get(i.baseCode) ?? null })),
    clerkCount: p.clerkIds.length,
    appointments: {
      periods: [...appointments.periods],
      slotMinutes: appointments.slotMinutes,
      capacity: appointments.capacity,
    },
  };
}

/** The administrator's region (服务网点管理 is region-scoped like every staff screen). */
export function adminRegion(user: CurrentUser): string {
  if (user.region === undefined || !isRegionCode(user.region))
    throw new AppError(IntakeErrorCode.RegionMissing, 'your account has no region', 403);
  return user.region;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Each period starts before it ends and holds at least one slot; periods do not overlap. */
function checkPeriods(settings: Input['appointments']): void {
  const spans = settings.periods.map((period, index) => {
    const [from = '', to = ''] = period.split('-');
    return { index, from: minutesOf(from), to: minutesOf(to) };
  });
  for (const s of spans) {
    if (s.to - s.from < settings.slotMinutes)
      throw unprocessable(
        IntakeErrorCode.AppointmentPeriodInvalid,
        `appointments.periods.${s.index}`,
        `the period must start before it ends and hold at least one slot of ${settings.slotMinutes} minutes`,
      );
  }
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev !== undefined && cur !== undefined && cur.from < prev.to)
      throw unprocessable(
        IntakeErrorCode.AppointmentPeriodInvalid,
        `appointments.periods.${cur.index}`,
        'the period overlaps another period',
      );
  }
}

/**
 * 服务网点管理: an administrator (admin, catalog-admin) creates a point or replaces one of his region — where it is,
 * its opening hours, the items it accepts (受理) or only takes in (收件/代办) and its 预约 settings. A point outside
 * the administrator's region is 403 (new) or the 404 of an unknown point (existing); a village point is never a
 * comprehensive window; each item once, and only items with a published implementation; 预约 periods well formed.
 * Refused input changes nothing. The audit trail records each save (a state-changing route).
 */
export class SaveServicePoint {
  constructor(
    private readonly port: ServicePointAdminPort,
    private readonly newId: () => string = () => `sp-${randomUUID().slice(0, 8)}`,
  ) {}

  async execute(user: CurrentUser, id: string | null, input: Input): Promise<ServicePointAdmin> {
    const region = adminRegion(user);
    const existing = id === null ? null : await this.port.find(id);
    if (id !== null && (existing === null || !regionCovers(region, existing.regionCode)))
      throw AppError.notFound('service point', id);
    if (!regionCovers(region, input.regionCode))
      throw new AppError(
        IntakeErrorCode.ServicePointOutsideRegion,
        `regionCode: ${input.regionCode} lies outside your region ${region}`,
        403,
        { field: 'regionCode' },
      );
    // A comprehensive window accepts the implementations of its own region: a county's 政务服务中心, a township's
    // 便民服务中心 (乡镇级 items), a city's hall; no item is implemented in a village or community.
    if (input.acceptsAllOfRegion && regionLevel(input.regionCode) === 'village')
      throw unprocessable(
        IntakeErrorCode.ComprehensiveWindowInVillage,
        'acceptsAllOfRegion',
        'a village or community point cannot accept every item of its region (no item is implemented there)',
      );
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.baseCode))
        throw unprocessable(
          IntakeErrorCode.ServicePointItemDuplicate,
          `items.${i}.baseCode`,
          `item ${item.baseCode} is listed twice`,
        );
      seen.add(item.baseCode);
    });
    const names = await this.port.baseItemNames([...seen]);
    input.items.forEach((item, i) => {
      if (!names.has(item.baseCode))
        throw unprocessable(
          IntakeErrorCode.BaseItemUnknown,
          `items.${i}.baseCode`,
          `no published implementation of base item ${item.baseCode} is known`,
        );
    });
    checkPeriods(input.appointments);
    const point: ServicePoint = {
      id: existing?.id ?? this.newId(),
      name: input.name,
      kind: input.kind,
      regionCode: input.regionCode,
      address: input.address,
      openingHours: input.openingHours,
      phone: input.phone,
      acceptsAllOfRegion: input.acceptsAllOfRegion,
      items: input.items.map((i) => ({ baseCode: i.baseCode, mode: i.mode })),
      clerkIds: input.clerkIds ?? existing?.clerkIds ?? [],
      appointments: {
        periods: [...input.appointments.periods],
        slotMinutes: input.appointments.slotMinutes,
        capacity: input.appointments.capacity,
      },
    };
    await this.port.save(point);
    return servicePointAdminView(point, names);
  }
}

import { ServicePointKind, ServicePointMode } from '@hall/contracts';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import type { RawExecutor } from '@hall/messaging';
import type { IntakeDb } from '../intake.store.js';
import type { ServicePoint } from './service-network.js';

type PointRow = Prisma.ServicePointGetPayload<object>;

/** The stored `items` column: what the point does with each listed base item. */
const StoredItems = z.array(z.object({ baseCode: z.string().min(1), mode: ServicePointMode }));

function toPoint(row: PointRow): ServicePoint {
  return {
    id: row.id,
    name: row.name,
    kind: ServicePointKind.parse(row.kind),
    regionCode: row.regionCode,
    address: row.address,
    openingHours: row.openingHours,
    phone: row.phone,
    acceptsAllOfRegion: row.acceptsAllOfRegion,
    items: StoredItems.parse(row.items),
    clerkIds: row.clerkIds,
    appointments: {
      periods: row.appointmentPeriods,
      slotMinutes: row.slotMinutes,
      capacity: row.slotCapacity,
    },
  };
}

/** Every point, by region code (the network is small: one row per hall, station or 代办点). */
export async function listServicePoints(db: IntakeDb): Promise<ServicePoint[]> {
  const rows = await db.servicePoint.findMany({ orderBy: [{ regionCode: 'asc' }, { id: 'asc' }] });
  return rows.map(toPoint);
}

export async function findServicePoint(db: IntakeDb, id: string): Promise<ServicePoint | null> {
  const row = await db.servicePoint.findUnique({ where: { id } });
  return row ? toPoint(row) : null;
}

export async function findServicePoints(db: IntakeDb, ids: readonly string[]): Promise<ServicePoint[]> {
  if (ids.length === 0) return [];
  const rows = await db.servicePoint.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toPoint);
}

/** The point a clerk works at (the first by id when the clerk is listed at several). */
export async function servicePointOfClerk(db: IntakeDb, userId: string): Promise<ServicePoint | null> {
  const row = await db.servicePoint.findFirst({
    where: { clerkIds: { has: userId } },
    orderBy: { id: 'asc' },
  });
  return row ? toPoint(row) : null;
}

/** A `service_point` row (alias `p`) as `PointRow`, for the raw reads below. */
const POINT_COLUMNS = `p."id", p."name", p."kind", p."region_code" AS "regionCode", p."address", p."opening_hours" AS "openingHours",
       p."phone", p."accepts_all_of_region" AS "acceptsAllOfRegion", p."items", p."clerk_ids" AS "clerkIds",
       p."appointment_periods" AS "appointmentPeriods", p."slot_minutes" AS "slotMinutes",
       p."slot_capacity" AS "slotCapacity", p."created_at" AS "createdAt"`;

/**
 * `servicePointOfClerk` in raw SQL, for a transaction on the database's own driver (issue 22: submit runs without the
 * ORM). The same row (the first point listing the clerk, by id); no column holds personal data.
 */
export async function servicePointOfClerkRaw(tx: RawExecutor, userId: string): Promise<ServicePoint | null> {
  const [row] = await tx.$queryRawUnsafe<PointRow[]>(
    `SELECT ${POINT_COLUMNS} FROM "service_point" p WHERE $1 = ANY(p."clerk_ids") ORDER BY p."id" LIMIT 1`,
    userId,
  );
  return row ? toPoint(row) : null;
}

/** `findServicePoint` in raw SQL, for a transaction on the database's own driver (no personal data). */
export async function findServicePointRaw(tx: RawExecutor, id: string): Promise<ServicePoint | null> {
  const [row] = await tx.$queryRawUnsafe<PointRow[]>(
    `SELECT ${POINT_COLUMNS} FROM "service_point" p WHERE p."id" = $1`,
    id,
  );
  return row ? toPoint(row) : null;
}

/** The comprehensive window of a region (the county's 政务服务中心): where a 代办 point hands over. */
export async function competentWindowOf(db: IntakeDb, regionCode: string): Promise<ServicePoint | null> {
  const row = await db.servicePoint.findFirst({
    where: { regionCode, acceptsAllOfRegion: true },
    orderBy: { id: 'asc' },
  });
  return row ? toPoint(row) : null;
}

export function countServicePoints(db: IntakeDb): Promise<number> {
  return db.servicePoint.count();
}

/** Inserts points that are not there yet (the demo network on a first start; tests). */
export async function addServicePoints(db: IntakeDb, points: readonly ServicePoint[]): Promise<void> {
  await db.servicePoint.createMany({
    data: points.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      regionCode: p.regionCode,
      address: p.address,
      openingHours: p.openingHours,
      phone: p.phone,
      acceptsAllOfRegion: p.acceptsAllOfRegion,
      items: p.items.map((i) => ({ baseCode: i.baseCode, mode: i.mode })),
      clerkIds: [...p.clerkIds],
      ...(p.appointments && {
        appointmentPeriods: [...p.appointments.periods],
        slotMinutes: p.appointments.slotMinutes,
        slotCapacity: p.appointments.capacity,
      }),
    })),
    skipDuplicates: true,
  });
}

/** Inserts a new point or replaces every column of an existing one (服务网点管理). */
export async function saveServicePoint(db: IntakeDb, p: ServicePoint): Promise<void> {
  const data = {
    name: p.name,
    kind: p.kind,
    regionCode: p.regionCode,
    address: p.address,
    openingHours: p.openingHours,
    phone: p.phone,
    acceptsAllOfRegion: p.acceptsAllOfRegion,
    items: p.items.map((i) => ({ baseCode: i.baseCode, mode: i.mode })),
    clerkIds: [...p.clerkIds],
    appointmentPeriods: [...(p.appointments?.periods ?? [])],
    slotMinutes: p.appointments?.slotMinutes ?? 30,
    slotCapacity: p.appointments?.capacity ?? 2,
  };
  await db.servicePoint.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
}

/** The names of the base items (基本编码 → 事项名称) of the published implementations intake knows, for `codes`. */
export async function baseItemNames(db: IntakeDb, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.implementationView.findMany({
    where: { baseCode: { in: [...codes] }, status: 'published' },
    select: { baseCode: true, name: true },
    orderBy: [{ baseCode: 'asc' }, { code: 'asc' }],
  });
  const names = new Map<string, string>();
  for (const r of rows) if (!names.has(r.baseCode)) names.set(r.baseCode, r.name);
  return names;
}

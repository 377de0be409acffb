import type { DisclosureAttachment, DisclosureItem, Prisma } from '../generated/prisma/client.js';
import type { DisclosureDb, DisclosureTx } from '../disclosure.store.js';

// ——— 主动公开 items (`disclosure_item`), their history (`disclosure_item_version`), 索引号 serials and attachments ———

export type ItemRow = DisclosureItem & { attachments: DisclosureAttachment[] };

/** The next 索引号 serial of an agency, year and category, taken in the caller's transaction (row lock until commit). */
export async function nextIndexSerial(
  tx: DisclosureTx,
  agencyCode: string,
  year: number,
  category: string,
): Promise<number> {
  // ON CONFLICT: the first item of a year creates the row; later ones increment it under its row lock.
  const rows = await tx.$queryRawUnsafe<Array<{ last_serial: number }>>(
    `INSERT INTO "disclosure_serial" ("agency_code", "year", "category", "last_serial") VALUES ($1, $2, $3, 1)
     ON CONFLICT ("agency_code", "year", "category") DO UPDATE SET "last_serial" = "disclosure_serial"."last_serial" + 1
     RETURNING "last_serial"`,
    agencyCode,
    year,
    category,
  );
  const value = rows[0]?.last_serial;
  if (value === undefined) throw new Error('索引号 serial allocation returned nothing');
  return Number(value);
}

export async function insertItem(
  tx: DisclosureTx,
  data: Prisma.DisclosureItemUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureItem.create({ data });
}

export async function findItem(db: DisclosureDb, id: string): Promise<ItemRow | undefined> {
  return (
    (await db.disclosureItem.findUnique({
      where: { id },
      include: { attachments: { orderBy: { uploadedAt: 'asc' } } },
    })) ?? undefined
  );
}

/** The item, locked until the caller's transaction ends (one decision at a time). */
export async function lockItem(tx: DisclosureTx, id: string): Promise<ItemRow | undefined> {
  await tx.$executeRawUnsafe('SELECT 1 FROM "disclosure_item" WHERE "id" = $1::uuid FOR UPDATE', id);
  return findItem(tx, id);
}

export async function updateItem(
  tx: DisclosureTx,
  id: string,
  data: Prisma.DisclosureItemUncheckedUpdateInput,
): Promise<void> {
  await tx.disclosureItem.update({ where: { id }, data });
}

/** Interpretations (政策解读) linked to a policy, in the given statuses. */
export async function interpretationsOf(
  db: DisclosureDb,
  policyId: string,
  statuses: readonly string[],
): Promise<Array<{ id: string; title: string; status: string }>> {
  return db.disclosureItem.findMany({
    where: { interpretsId: policyId, kind: 'interpretation', status: { in: [...statuses] } },
    select: { id: true, title: true, status: true },
    orderBy: { createdAt: 'asc' },
  });
}

/** Appends one history entry (seq = the next of the item). */
export async function appendVersion(
  tx: DisclosureTx,
  entry: Omit<Prisma.DisclosureItemVersionUncheckedCreateInput, 'seq'>,
): Promise<void> {
  const last = await tx.disclosureItemVersion.findFirst({
    where: { itemId: entry.itemId },
    orderBy: { seq: 'desc' },
    select: { seq: true },
  });
  await tx.disclosureItemVersion.create({ data: { ...entry, seq: (last?.seq ?? 0) + 1 } });
}

export function versionsOf(db: DisclosureDb, itemId: string) {
  return db.disclosureItemVersion.findMany({ where: { itemId }, orderBy: { seq: 'asc' } });
}

export interface StaffFilter {
  page: number;
  pageSize: number;
  status?: string | undefined;
  overdueAt?: Date | undefined;
}

/** A department's items, newest first; `overdueAt`: only those unpublished past their deadline at that instant. */
export async function listDepartmentItems(
  db: DisclosureDb,
  departmentCode: string,
  f: StaffFilter,
): Promise<{ rows: ItemRow[]; total: number }> {
  const where: Prisma.DisclosureItemWhereInput = {
    departmentCode,
    ...(f.status !== undefined && { status: f.status }),
    ...(f.overdueAt !== undefined && { status: { in: ['draft', 'in-review'] }, dueAt: { lt: f.overdueAt } }),
  };
  const [rows, total] = await Promise.all([
    db.disclosureItem.findMany({
      where,
      include: { attachments: { orderBy: { uploadedAt: 'asc' } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
    }),
    db.disclosureItem.count({ where }),
  ]);
  return { rows, total };
}

/** Every unpublished item past its deadline at `now`, all departments (for the supervision hookup). */
export function overdueItems(db: DisclosureDb, now: Date): Promise<DisclosureItem[]> {
  return db.disclosureItem.findMany({
    where: { status: { in: ['draft', 'in-review'] }, dueAt: { lt: now } },
    orderBy: { dueAt: 'asc' },
  });
}

export interface PublicFilter {
  page: number;
  pageSize: number;
  agency?: string | undefined;
  category?: string | undefined;
  keyArea?: string | undefined;
  q?: string | undefined;
  /** `q` is pinyin (Latin letters only). */
  pinyin?: boolean | undefined;
}

/**
 * What a keyword matches: Latin letters only (pinyin in full or initials, normalised: lower case, no spaces) →
 * the pinyin search text or the title; otherwise a substring of the title, the body or the search text (主题分类,
 * key area name). Case-insensitive (the caller lower-cases `q`).
 */
function keywordWhere(q: string, pinyin: boolean): Prisma.DisclosureItemWhereInput {
  return pinyin
    ? { OR: [{ searchText: { contains: q } }, { title: { contains: q, mode: 'insensitive' } }] }
    : {
        OR: [
          { title: { contains: q, mode: 'insensitive' } },
          { body: { contains: q, mode: 'insensitive' } },
          { searchText: { contains: q } },
        ],
      };
}

/** Published items, newest publication first; `q` (normalised by the caller): see {@link keywordWhere}. */
export async function listPublished(
  db: DisclosureDb,
  f: PublicFilter,
): Promise<{ rows: DisclosureItem[]; total: number }> {
  const where: Prisma.DisclosureItemWhereInput = {
    status: 'published',
    ...(f.agency !== undefined && { departmentCode: f.agency }),
    ...(f.category !== undefined && { openCategory: f.category }),
    ...(f.keyArea !== undefined && { keyArea: f.keyArea }),
    ...(f.q !== undefined && f.q !== '' && keywordWhere(f.q, f.pinyin === true)),
  };
  const [rows, total] = await Promise.all([
    db.disclosureItem.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
    }),
    db.disclosureItem.count({ where }),
  ]);
  return { rows, total };
}

/** Published items of a department per 五公开 category and per 重点领域. */
export async function publishedCounts(
  db: DisclosureDb,
  departmentCode: string,
): Promise<{ categories: Map<string, number>; keyAreas: Map<string, number> }> {
  const where = { status: 'published', departmentCode };
  const [byCategory, byArea] = await Promise.all([
    db.disclosureItem.groupBy({ by: ['openCategory'], where, _count: { _all: true } }),
    db.disclosureItem.groupBy({ by: ['keyArea'], where, _count: { _all: true } }),
  ]);
  return {
    categories: new Map(byCategory.map((r) => [r.openCategory, r._count._all])),
    keyAreas: new Map(byArea.flatMap((r) => (r.keyArea === null ? [] : [[r.keyArea, r._count._all]]))),
  };
}

export async function insertAttachment(
  tx: DisclosureTx,
  data: Prisma.DisclosureAttachmentUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureAttachment.create({ data });
}

export async function findAttachment(
  db: DisclosureDb,
  itemId: string,
  attachmentId: string,
): Promise<DisclosureAttachment | undefined> {
  return (await db.disclosureAttachment.findFirst({ where: { id: attachmentId, itemId } })) ?? undefined;
}

/** Items written before `search_text` existed (empty): filled at the service's start, a page at a time. */
export function itemsWithoutSearchText(
  db: DisclosureDb,
  take: number,
): Promise<Array<{ id: string; title: string; topic: string; keyArea: string | null }>> {
  return db.disclosureItem.findMany({
    where: { searchText: '' },
    select: { id: true, title: true, topic: true, keyArea: true },
    orderBy: { id: 'asc' },
    take,
  });
}

export async function setSearchText(db: DisclosureDb, id: string, searchText: string): Promise<void> {
  await db.disclosureItem.update({ where: { id }, data: { searchText } });
}

/** How many items the service holds (any status): the demo seed runs only on an empty database. */
export function countItems(db: DisclosureDb): Promise<number> {
  return db.disclosureItem.count();
}

/** Items not yet published (draft, in 保密审查) whose publication deadline lies in [from, until). */
export function unpublishedItemsDueBetween(
  db: DisclosureDb,
  from: Date,
  until: Date,
): Promise<{ id: string; writtenOn: string; dueAt: Date }[]> {
  return db.disclosureItem.findMany({
    where: { status: { in: ['draft', 'in-review'] }, dueAt: { gte: from, lt: until } },
    select: { id: true, writtenOn: true, dueAt: true },
  });
}

/** Moves an unpublished item's publication deadline (a year's calendar was loaded). */
export async function moveItemDeadline(tx: DisclosureTx, id: string, dueAt: Date): Promise<void> {
  await tx.disclosureItem.updateMany({
    where: { id, status: { in: ['draft', 'in-review'] } },
    data: { dueAt },
  });
}

/**
 * Unpublished items (draft or in 保密审查) whose outbox holds no `disclosure.item.drafted` event: written before
 * disclosure published item drafts (supervision has no publication clock for them). The outbox keeps its rows.
 */
export async function unpublishedWithoutDraftedEvent(db: DisclosureDb): Promise<ItemRow[]> {
  const rows = await db.disclosureItem.findMany({
    where: { status: { in: ['draft', 'in-review'] } },
    include: { attachments: { orderBy: { uploadedAt: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  if (rows.length === 0) return [];
  const staged = await db.outboxEvent.findMany({
    where: { type: 'disclosure.item.drafted', key: { in: rows.map((r) => r.id) } },
    select: { key: true },
  });
  const has = new Set(staged.map((e) => e.key));
  return rows.filter((r) => !has.has(r.id));
}

import type {
  DisclosureRemedy,
  DisclosureRequest,
  DisclosureRequestNotice,
  DisclosureRequestPause,
  Prisma,
} from '../generated/prisma/client.js';
import type { DisclosureDb, DisclosureTx } from '../disclosure.store.js';

// ——— 依申请公开 requests (`disclosure_request`), their pauses, notices and remedies ———

export type RequestRow = DisclosureRequest & {
  pauses: DisclosureRequestPause[];
  notices: DisclosureRequestNotice[];
  remedies: DisclosureRemedy[];
};

const INCLUDE = {
  pauses: { orderBy: { startedAt: 'asc' } },
  notices: { orderBy: { issuedAt: 'asc' } },
  remedies: { orderBy: { recordedAt: 'asc' } },
} as const satisfies Prisma.DisclosureRequestInclude;

/**
 * Notices in the order they were issued; notices of one instant (a payment recorded by the officer issues the 答复书
 * right after the 收费通知 it settles, both at the same clock reading) in the order of the procedure.
 */
const NOTICE_ORDER: Record<string, number> = { correction: 0, extension: 1, fee: 2, answer: 3 };
function inNoticeOrder<T extends RequestRow>(row: T): T {
  row.notices.sort(
    (a, b) =>
      a.issuedAt.getTime() - b.issuedAt.getTime() ||
      (NOTICE_ORDER[a.kind] ?? 9) - (NOTICE_ORDER[b.kind] ?? 9),
  );
  return row;
}

export async function insertRequest(
  tx: DisclosureTx,
  data: Prisma.DisclosureRequestUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureRequest.create({ data });
}

export async function findRequest(db: DisclosureDb, id: string): Promise<RequestRow | undefined> {
  const row = await db.disclosureRequest.findUnique({ where: { id }, include: INCLUDE });
  return row === null ? undefined : inNoticeOrder(row);
}

/** The request, locked until the caller's transaction ends (one decision at a time). */
export async function lockRequest(tx: DisclosureTx, id: string): Promise<RequestRow | undefined> {
  await tx.$executeRawUnsafe('SELECT 1 FROM "disclosure_request" WHERE "id" = $1::uuid FOR UPDATE', id);
  return findRequest(tx, id);
}

export async function updateRequest(
  tx: DisclosureTx,
  id: string,
  data: Prisma.DisclosureRequestUncheckedUpdateInput,
): Promise<void> {
  await tx.disclosureRequest.update({ where: { id }, data });
}

export async function findRequestByNo(
  db: DisclosureDb,
  requestNo: string,
): Promise<DisclosureRequest | undefined> {
  return (await db.disclosureRequest.findUnique({ where: { requestNo } })) ?? undefined;
}

export async function insertPause(
  tx: DisclosureTx,
  data: Prisma.DisclosureRequestPauseUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureRequestPause.create({ data });
}

export async function closePause(
  tx: DisclosureTx,
  id: string,
  data: { endedAt: Date; outcome: string; note?: string | null },
): Promise<void> {
  await tx.disclosureRequestPause.update({ where: { id }, data });
}

export async function insertNotice(
  tx: DisclosureTx,
  data: Prisma.DisclosureRequestNoticeUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureRequestNotice.create({ data });
}

export async function findNotice(
  db: DisclosureDb,
  requestId: string,
  noticeId: string,
): Promise<DisclosureRequestNotice | undefined> {
  return (await db.disclosureRequestNotice.findFirst({ where: { id: noticeId, requestId } })) ?? undefined;
}

/** Records the stored PDF of a notice unless another download recorded one first (returns whether this one won). */
export async function recordNoticeFile(
  db: DisclosureDb,
  id: string,
  file: { bucket: string; key: string; sha256: string; size: number },
): Promise<boolean> {
  const { count } = await db.disclosureRequestNotice.updateMany({ where: { id, key: null }, data: file });
  return count === 1;
}

export async function insertRemedy(
  tx: DisclosureTx,
  data: Prisma.DisclosureRemedyUncheckedCreateInput,
): Promise<void> {
  await tx.disclosureRemedy.create({ data });
}

export async function updateRemedy(
  tx: DisclosureTx,
  requestId: string,
  id: string,
  data: Prisma.DisclosureRemedyUncheckedUpdateInput,
): Promise<boolean> {
  const { count } = await tx.disclosureRemedy.updateMany({ where: { id, requestId }, data });
  return count === 1;
}

export interface RequestFilter {
  page: number;
  pageSize: number;
  status?: string | undefined;
}

/** An applicant: their account, and their verified identity (matches the requests staff registered for them). */
export interface ApplicantOwner {
  applicantUserId: string;
  identity: { idType: string; idNumber: string } | undefined;
}

/**
 * Requests of an agency (staff) or of an applicant (filed from the account, or registered by staff for the same
 * identity; the ID number is matched through its blind index), newest first.
 */
export async function listRequests(
  db: DisclosureDb,
  owner: { departmentCode: string } | ApplicantOwner,
  f: RequestFilter,
): Promise<{ rows: RequestRow[]; total: number }> {
  const whose: Prisma.DisclosureRequestWhereInput =
    'departmentCode' in owner
      ? { departmentCode: owner.departmentCode }
      : {
          OR: [
            { applicantUserId: owner.applicantUserId },
            ...(owner.identity
              ? [
                  {
                    applicantUserId: null,
                    applicantIdType: owner.identity.idType,
                    applicantIdNumber: owner.identity.idNumber,
                  },
                ]
              : []),
          ],
        };
  const where: Prisma.DisclosureRequestWhereInput = {
    ...whose,
    ...(f.status !== undefined && { status: f.status }),
  };
  const [rows, total] = await Promise.all([
    db.disclosureRequest.findMany({
      where,
      include: INCLUDE,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
    }),
    db.disclosureRequest.count({ where }),
  ]);
  return { rows: rows.map(inNoticeOrder), total };
}

/**
 * The applicant's requests at an agency received in one natural month (receivedOn `YYYY-MM-…`), in receipt order:
 * the 按件 ordinal of 国办函〔2020〕109号. The ID number is matched through its blind index.
 */
export function monthRequestsOf(
  db: DisclosureDb,
  departmentCode: string,
  applicantIdNumber: string,
  month: string,
): Promise<Array<{ id: string }>> {
  return db.disclosureRequest.findMany({
    where: { departmentCode, applicantIdNumber, receivedOn: { startsWith: month } },
    select: { id: true },
    orderBy: [{ receivedOn: 'asc' }, { submittedAt: 'asc' }, { id: 'asc' }],
  });
}

/** Requests awaiting a 补正 whose applicant deadline passed at `now` (the deemed-withdrawal sweep). */
export function expiredCorrections(
  db: DisclosureDb,
  now: Date,
  take: number,
): Promise<Array<{ id: string }>> {
  return db.disclosureRequest.findMany({
    where: { status: 'awaiting-correction', correctionDueAt: { lt: now } },
    select: { id: true },
    orderBy: { correctionDueAt: 'asc' },
    take,
  });
}

/** Requests whose 收费通知 went unpaid past its deadline (视为放弃申请), oldest deadline first. */
export function expiredFeeNotices(db: DisclosureDb, now: Date, take: number): Promise<Array<{ id: string }>> {
  return db.disclosureRequest.findMany({
    where: { status: 'awaiting-payment', feeDueAt: { lt: now } },
    select: { id: true },
    orderBy: { feeDueAt: 'asc' },
    take,
  });
}

/** Business requests stored before the organisation type was recorded (the ID number decrypted by the extension). */
export function businessRequestsWithoutOrgType(
  db: DisclosureDb,
): Promise<{ id: string; applicantIdNumber: string }[]> {
  return db.disclosureRequest.findMany({
    where: { applicantKind: 'business', applicantOrgType: null },
    select: { id: true, applicantIdNumber: true },
  });
}

/** Sets a request's organisation type unless one was set meanwhile. */
export async function setOrgType(db: DisclosureDb, id: string, orgType: string): Promise<void> {
  await db.disclosureRequest.updateMany({
    where: { id, applicantOrgType: null },
    data: { applicantOrgType: orgType },
  });
}

/**
 * Requests whose answer clock runs (processing, consulting) received before `until` with a deadline from `from` on:
 * those a year's calendar loaded in supervision may move. A consulting request's stored deadline is that of the
 * pause's start, so every consulting one received before `until` is included.
 */
export function openRequestsDueBetween(db: DisclosureDb, from: Date, until: Date): Promise<{ id: string }[]> {
  return db.disclosureRequest.findMany({
    where: {
      submittedAt: { lt: until },
      OR: [{ status: 'processing', dueAt: { gte: from } }, { status: 'consulting' }],
    },
    select: { id: true },
    orderBy: { submittedAt: 'asc' },
  });
}

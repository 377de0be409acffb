import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';

export type EnquiryRow = Prisma.EnquiryGetPayload<object>;
export type EnquiryWithSteps = Prisma.EnquiryGetPayload<{ include: { steps: true } }> & {
  attachments: { id: string; name: string; contentType: string; size: number; ownerUserId: string }[];
};

/** A file stored for an enquiry, to be recorded with it (an anonymous 咨询's). */
export interface NewEnquiryFile {
  bucket: string;
  key: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
}

/** A step of the history, written with the change it records. */
export interface StepInput {
  kind:
    | 'submitted'
    | 'routed'
    | 'transferred'
    | 'answered'
    | 'follow-up'
    | 'rated'
    | 'closed'
    | 'upheld'
    | 'returned'
    | 'extension-requested'
    | 'extended'
    | 'extension-rejected';
  at: Date;
  actorId: string | null;
  actorName: string | null;
  departmentCode: string | null;
  note: string | null;
}

/** Data access of 在线咨询与投诉 (the `enquiry`, `enquiry_step` and `enquiry_serial` tables). */
export class EnquiryRepository {
  constructor(private readonly store: IntakeStore) {}

  transaction<T>(fn: (tx: IntakeTx) => Promise<T>): Promise<T> {
    return this.store.messaging.transaction(fn);
  }

  /** The next serial of a prefix (type + day), in the caller's transaction. */
  async nextSerial(tx: IntakeTx, prefix: string): Promise<number> {
    const row = await tx.enquirySerial.upsert({
      where: { prefix },
      create: { prefix, last: 1 },
      update: { last: { increment: 1 } },
    });
    return row.last;
  }

  async create(tx: IntakeTx, data: Prisma.EnquiryUncheckedCreateInput, step: StepInput): Promise<void> {
    await tx.enquiry.create({ data });
    await this.addStep(tx, data.no, step);
  }

  async addStep(tx: IntakeTx, no: string, step: StepInput): Promise<void> {
    await tx.enquiryStep.create({ data: { enquiryNo: no, ...step } });
  }

  /** Serialises the recording of one owner's files (an anonymous asker's IP digest) until the transaction ends. */
  async lockOwner(tx: IntakeTx, owner: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`intake-enquiry-files:${owner}`}))) AS l`;
  }

  /** The files of an owner recorded since `since` (count and bytes). */
  async filesSince(tx: IntakeTx, owner: string, since: Date): Promise<{ files: number; bytes: number }> {
    const agg = await tx.uploadedFile.aggregate({
      where: { ownerUserId: owner, createdAt: { gte: since } },
      _count: { _all: true },
      _sum: { size: true },
    });
    return { files: agg._count._all, bytes: agg._sum.size ?? 0 };
  }

  /** Records stored files as attached to the enquiry from the start. */
  async addFiles(
    tx: IntakeTx,
    no: string,
    owner: string,
    files: readonly NewEnquiryFile[],
    createdAt: Date,
  ): Promise<void> {
    await tx.uploadedFile.createMany({
      // A millisecond apart: listed in the order they were sent.
      data: files.map((f, i) => ({
        ...f,
        ownerUserId: owner,
        enquiryNo: no,
        createdAt: new Date(createdAt.getTime() + i),
      })),
    });
  }

  /** The enquiry locked for a change (FOR UPDATE), or null. */
  async lock(tx: IntakeTx, no: string): Promise<EnquiryRow | null> {
    const rows = await tx.$queryRaw<{ no: string }[]>`SELECT no FROM enquiry WHERE no = ${no} FOR UPDATE`;
    if (rows.length === 0) return null;
    return tx.enquiry.findUnique({ where: { no } });
  }

  /** Applies a change guarded by the status it was read in; false when someone else changed it first. */
  async update(
    tx: IntakeTx,
    no: string,
    fromStatus: string,
    data: Prisma.EnquiryUncheckedUpdateInput,
  ): Promise<boolean> {
    const res = await tx.enquiry.updateMany({ where: { no, status: fromStatus }, data });
    return res.count === 1;
  }

  /** The user who applied for an application (null: unknown number or a walk-in without an account). */
  async applicantOf(applicationNo: string): Promise<string | null> {
    const app = await this.store.prisma.application.findUnique({
      where: { no: applicationNo },
      select: { applicantUserId: true },
    });
    return app?.applicantUserId ?? null;
  }

  async find(no: string): Promise<EnquiryWithSteps | null> {
    const db = this.store.prisma;
    const e = await db.enquiry.findUnique({ where: { no }, include: { steps: { orderBy: { seq: 'asc' } } } });
    if (e === null) return null;
    const attachments = await db.uploadedFile.findMany({
      where: { enquiryNo: no },
      select: { id: true, name: true, contentType: true, size: true, ownerUserId: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return { ...e, attachments };
  }

  /** One file attached to the enquiry (where it is stored), or null. */
  attachment(no: string, fileId: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(fileId))
      return Promise.resolve(null);
    return this.store.prisma.uploadedFile.findFirst({ where: { id: fileId, enquiryNo: no } });
  }

  async page(where: Prisma.EnquiryWhereInput, page: number, pageSize: number) {
    const db = this.store.prisma;
    const [total, rows] = await Promise.all([
      db.enquiry.count({ where }),
      db.enquiry.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { no: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { total, rows };
  }

  /** Published enquiries (the asker agreed, answered), newest answer first; `q` matches subject, text or answer. */
  async published(filter: { q?: string; implementationCode?: string }, page: number, pageSize: number) {
    const where: Prisma.EnquiryWhereInput = {
      publishedText: filter.q ? { contains: filter.q } : { not: null },
      ...(filter.implementationCode ? { implementationCode: filter.implementationCode } : {}),
    };
    const db = this.store.prisma;
    const [total, rows] = await Promise.all([
      db.enquiry.count({ where }),
      db.enquiry.findMany({
        where,
        orderBy: [{ answeredAt: 'desc' }, { no: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { total, rows };
  }

  /**
   * Published enquiries whose search text holds one of `terms` (bigrams or pinyin words), newest answer first, at
   * most `take`: the candidates the suggestions before sending are scored from.
   */
  publishedMatching(terms: readonly string[], take: number) {
    if (terms.length === 0) return Promise.resolve([]);
    return this.store.prisma.enquiry.findMany({
      where: { OR: terms.map((t) => ({ publishedText: { contains: t } })) },
      orderBy: [{ answeredAt: 'desc' }, { no: 'asc' }],
      take,
      select: {
        no: true,
        subject: true,
        text: true,
        answer: true,
        reAnswer: true,
        implementationCode: true,
        publishedText: true,
      },
    });
  }

  /** Published items (name and region, no snapshot) of the given regions, or of every region. */
  publishedItems(regions: readonly string[] | null) {
    return this.store.prisma.implementationView.findMany({
      where: { status: 'published', ...(regions === null ? {} : { regionCode: { in: [...regions] } }) },
      select: { code: true, name: true },
      orderBy: { code: 'asc' },
    });
  }

  /** The snapshots of published items. */
  itemSnapshots(codes: readonly string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return this.store.prisma.implementationView.findMany({
      where: { status: 'published', code: { in: [...codes] } },
      select: { code: true, snapshot: true },
    });
  }

  /** Records a question answered by a suggestion (no text, no asker). */
  async recordDeflection(data: Prisma.EnquiryDeflectionUncheckedCreateInput): Promise<void> {
    await this.store.prisma.enquiryDeflection.create({ data });
  }

  /** What the statistics read of the enquiries asked in `[from, to)` in regions starting with `regionPrefix`. */
  forStats(regionPrefix: string, from: Date | undefined, to: Date | undefined) {
    return this.store.prisma.enquiry.findMany({
      where: {
        regionCode: { startsWith: regionPrefix },
        createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) },
      },
      select: {
        type: true,
        departmentCode: true,
        implementationCode: true,
        answeredAt: true,
        answeredOnTime: true,
        dueBy: true,
        rating: true,
      },
    });
  }

  /** Deflected questions per type, in the same scope and window. */
  async deflectionsByType(regionPrefix: string, from: Date | undefined, to: Date | undefined) {
    const rows = await this.store.prisma.enquiryDeflection.groupBy({
      by: ['type'],
      where: {
        regionCode: { startsWith: regionPrefix },
        createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) },
      },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.type, r._count._all]));
  }

  /** Item names by code (the latest published version intake holds). */
  async itemNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.store.prisma.implementationView.findMany({
      where: { code: { in: [...codes] } },
      select: { code: true, name: true },
    });
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}

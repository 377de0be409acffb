import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '@hall/auth';
import { chinaDateString, chinaYear, type Clock, type WorkingCalendar } from '@hall/calendar';
import {
  DisclosureItemDrafted,
  DisclosureItemPublished,
  DisclosureItemReturned,
  DisclosureItemSubmitted,
  DisclosureItemWithdrawn,
  SYSTEM_ACTOR,
  type ItemCorrectBody,
  type ItemDraftBody,
  type ItemReviewBody,
  type Actor,
  type ItemHistory,
  type OverdueItems,
  type KeyArea,
  type OpenCategory,
  type StaffItemQuery,
  type StaffItem,
  type StaffItemPage,
  type ItemKind,
  type ItemStatus,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { z } from 'zod';
import { agencyOf, departmentName } from '../agencies/agencies.js';
import { DisclosureErrorCode, itemNotFound, statusConflict } from '../disclosure.errors.js';
import type { DisclosureStore, DisclosureTx } from '../disclosure.store.js';
import { formatIndexNo } from './index-number.js';
import { itemSearchText } from './item-search-text.js';
import {
  appendVersion,
  findItem,
  insertItem,
  interpretationsOf,
  itemsWithoutSearchText,
  setSearchText,
  listDepartmentItems,
  overdueItems,
  lockItem,
  nextIndexSerial,
  unpublishedWithoutDraftedEvent,
  updateItem,
  versionsOf,
  type ItemRow,
} from './item.repository.js';

/** 主动公开 time limit: published within 20 working days of 成文日期 (《政府信息公开条例》 art. 26). */
export const PUBLICATION_LIMIT_WORKING_DAYS = 20;

type Draft = z.output<typeof ItemDraftBody>;
type Review = z.output<typeof ItemReviewBody>;
type Correction = z.output<typeof ItemCorrectBody>;

/** Statuses in which a linked 政策解读 lets its policy be published (同步审签、同步发布). */
const LIVE_INTERPRETATION = ['in-review', 'published'] as const;

export function actorOf(user: CurrentUser): Actor {
  return {
    userId: user.id,
    name: user.name,
    role: 'approver',
    ...(user.department !== undefined && { department: user.department }),
    ...(user.region !== undefined && { region: user.region }),
  };
}

/** The publication deadline of an item written on `writtenOn`: end of the 20th working day after it. */
export const publicationDeadline = (calendar: WorkingCalendar, writtenOn: string): Date =>
  calendar.addWorkingDays(writtenOn, PUBLICATION_LIMIT_WORKING_DAYS);

/** 主动公开 items of a department: drafting, 保密审查 by a second person, publication, correction, withdrawal. */
export class ItemsService {
  constructor(
    private readonly store: DisclosureStore,
    private readonly clock: Clock,
  ) {}

  private agencyOfUser(user: CurrentUser) {
    const agency = agencyOf(user.department);
    if (!agency)
      throw new AppError(
        DisclosureErrorCode.NoAgency,
        'your department does not publish government information',
        403,
      );
    return agency;
  }

  /** The item when the caller's department owns it; otherwise 404 (another department's item is not revealed). */
  private async owned(user: CurrentUser, id: string, tx?: DisclosureTx): Promise<ItemRow> {
    const row = tx ? await lockItem(tx, id) : await findItem(this.store.prisma, id);
    if (!row || row.departmentCode !== user.department) throw itemNotFound(id);
    return row;
  }

  /** The interpretation link of a draft must name a policy of the same department. */
  private async checkLink(user: CurrentUser, draft: Draft, tx: DisclosureTx): Promise<void> {
    if (draft.kind !== 'interpretation') {
      if (draft.interpretsId !== null)
        throw new AppError(
          DisclosureErrorCode.BadInterpretationLink,
          'only an interpretation (政策解读) links to a policy',
          400,
          { field: 'interpretsId' },
        );
      return;
    }
    if (draft.interpretsId === null)
      throw AppError.validation('interpretsId', 'an interpretation names the policy it interprets');
    const policy = await findItem(tx, draft.interpretsId);
    if (!policy || policy.departmentCode !== user.department || policy.kind !== 'policy')
      throw new AppError(
        DisclosureErrorCode.BadInterpretationLink,
        'interpretsId must name a policy item of your department',
        400,
        { field: 'interpretsId' },
      );
  }

  private fields(d: Draft) {
    return {
      title: d.title,
      body: d.body,
      writtenOn: d.writtenOn,
      dueAt: publicationDeadline(this.store.calendar.current(), d.writtenOn),
      topic: d.topic,
      openCategory: d.openCategory,
      keyArea: d.keyArea,
      kind: d.kind,
      interpretsId: d.interpretsId,
      searchText: itemSearchText(d),
    };
  }

  async create(user: CurrentUser, draft: Draft): Promise<StaffItem> {
    const agency = this.agencyOfUser(user);
    const id = randomUUID();
    await this.store.messaging.transaction(async (tx) => {
      await this.checkLink(user, draft, tx);
      const year = chinaYear(draft.writtenOn);
      const serial = await nextIndexSerial(tx, agency.agencyCode, year, draft.openCategory);
      const row = {
        id,
        indexNo: formatIndexNo(agency.agencyCode, year, draft.openCategory, serial),
        departmentCode: agency.departmentCode,
        agencyCode: agency.agencyCode,
        ...this.fields(draft),
        status: 'draft',
        authorId: user.id,
        authorName: user.name,
      };
      await insertItem(tx, row);
      // The information is formed: supervision starts its publication clock from the 成文日期.
      await this.store.messaging.stage(tx, DisclosureItemDrafted, {
        ...eventBase({ ...row, version: 1 }, user, this.clock.now()),
        edited: false,
      });
    });
    return this.get(user, id);
  }

  /** Edits a draft (or one sent back by the reviewer). The 索引号 stays. */
  async update(user: CurrentUser, id: string, draft: Draft): Promise<StaffItem> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.owned(user, id, tx);
      if (row.status !== 'draft') throw statusConflict(id, row.status, 'editing');
      await this.checkLink(user, draft, tx);
      const fields = this.fields(draft);
      await updateItem(tx, id, fields);
      await this.store.messaging.stage(tx, DisclosureItemDrafted, {
        ...eventBase({ ...row, ...fields }, user, this.clock.now()),
        edited: true,
      });
    });
    return this.get(user, id);
  }

  /** Sends a draft to 保密审查. */
  async submit(user: CurrentUser, id: string): Promise<StaffItem> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.owned(user, id, tx);
      if (row.status !== 'draft') throw statusConflict(id, row.status, 'submitting for review');
      const now = this.clock.now();
      await updateItem(tx, id, { status: 'in-review', submittedAt: now, reviewNote: null });
      await this.store.messaging.stage(tx, DisclosureItemSubmitted, {
        ...eventBase(row, user, now),
        note: null,
      });
    });
    return this.get(user, id);
  }

  /**
   * 保密审查: a head of the department other than the author approves (the item is published at once, event on the
   * outbox in the same transaction) or sends it back with a note. A policy needs a linked 政策解读 in review or
   * published (同步审签、同步发布).
   */
  async review(user: CurrentUser, id: string, decision: Review): Promise<StaffItem> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.owned(user, id, tx);
      if (row.status !== 'in-review') throw statusConflict(id, row.status, 'a review');
      if (user.departmentRole !== 'head')
        throw new AppError(
          DisclosureErrorCode.NotReviewer,
          'only the head of the department decides the secrecy review (保密审查)',
          403,
        );
      if (row.authorId === user.id)
        throw new AppError(
          DisclosureErrorCode.OwnItem,
          'the secrecy review (保密审查) needs a second person: the author cannot review their own item',
          403,
        );
      const now = this.clock.now();
      if (decision.decision === 'reject') {
        if (!decision.note)
          throw new AppError(DisclosureErrorCode.NoteRequired, 'a rejection says why', 400, {
            field: 'note',
          });
        await updateItem(tx, id, {
          status: 'draft',
          reviewerId: user.id,
          reviewerName: user.name,
          reviewedAt: now,
          reviewNote: decision.note,
        });
        await this.store.messaging.stage(tx, DisclosureItemReturned, {
          ...eventBase(row, user, now),
          note: decision.note,
        });
        return;
      }
      if (row.kind === 'policy') {
        const live = await interpretationsOf(tx, id, LIVE_INTERPRETATION);
        if (live.length === 0)
          throw new AppError(
            DisclosureErrorCode.InterpretationMissing,
            'a policy is published together with its interpretation (政策解读): draft and submit one first',
            409,
            { field: 'interpretation' },
          );
      }
      await updateItem(tx, id, {
        status: 'published',
        reviewerId: user.id,
        reviewerName: user.name,
        reviewedAt: now,
        reviewNote: decision.note ?? null,
        publishedAt: now,
        publishedOn: chinaDateString(now),
      });
      const published = { ...row, status: 'published', publishedAt: now, publishedOn: chinaDateString(now) };
      await appendVersion(tx, {
        itemId: id,
        version: row.version,
        action: 'published',
        title: row.title,
        body: row.body,
        snapshot: snapshotOf(published),
        note: decision.note ?? null,
        actorId: user.id,
        actorName: user.name,
        at: now,
      });
      await this.store.messaging.stage(tx, DisclosureItemPublished, {
        ...eventBase(published, user, now),
        publishedOn: chinaDateString(now),
        overdue: now.getTime() > row.dueAt.getTime(),
        corrected: false,
      });
    });
    return this.get(user, id);
  }

  /** Withdraws a published item (撤回); it leaves the public lists, its history stays. */
  async withdraw(user: CurrentUser, id: string, reason: string): Promise<StaffItem> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.owned(user, id, tx);
      if (row.status !== 'published') throw statusConflict(id, row.status, 'withdrawal');
      const now = this.clock.now();
      await updateItem(tx, id, { status: 'withdrawn', withdrawnAt: now, withdrawReason: reason });
      await appendVersion(tx, {
        itemId: id,
        version: row.version,
        action: 'withdrawn',
        title: row.title,
        body: row.body,
        snapshot: snapshotOf({ ...row, status: 'withdrawn' }),
        note: reason,
        actorId: user.id,
        actorName: user.name,
        at: now,
      });
      await this.store.messaging.stage(tx, DisclosureItemWithdrawn, { ...eventBase(row, user, now), reason });
    });
    return this.get(user, id);
  }

  /**
   * Corrects a published item (更正): only a head of the department (the reviewer role) corrects, and the correction
   * is published at once as the next version; every earlier text stays in the history. 索引号 and 成文日期 stay.
   */
  async correct(user: CurrentUser, id: string, body: Correction): Promise<StaffItem> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.owned(user, id, tx);
      if (row.status !== 'published') throw statusConflict(id, row.status, 'a correction');
      if (user.departmentRole !== 'head')
        throw new AppError(
          DisclosureErrorCode.NotReviewer,
          'only the head of the department publishes a correction (更正)',
          403,
        );
      if (body.kind !== row.kind || body.interpretsId !== row.interpretsId)
        throw AppError.validation('kind', 'a correction keeps the kind and the interpretation link');
      const now = this.clock.now();
      const version = row.version + 1;
      const { note, ...draft } = body;
      const fields = { ...this.fields(draft), writtenOn: row.writtenOn, dueAt: row.dueAt };
      await updateItem(tx, id, { ...fields, version });
      const corrected = { ...row, ...fields, version };
      await appendVersion(tx, {
        itemId: id,
        version,
        action: 'corrected',
        title: corrected.title,
        body: corrected.body,
        snapshot: snapshotOf(corrected),
        note,
        actorId: user.id,
        actorName: user.name,
        at: now,
      });
      await this.store.messaging.stage(tx, DisclosureItemPublished, {
        ...eventBase(corrected, user, now),
        publishedOn: row.publishedOn ?? chinaDateString(now),
        overdue: false,
        corrected: true,
      });
    });
    return this.get(user, id);
  }

  /**
   * Demo data (embedded hall, first start): items drafted by `author` and approved in 保密审查 by `reviewer`, all
   * in ONE transaction — the same rows, history entries and published events as the workflow writes, published
   * `lagWorkingDays` working days after their 成文日期 (never later than now). An interpretation names its policy
   * by the policy's position in `items` (`interprets`), which must come first. Returns the ids in order.
   */
  async publishSeed(
    author: CurrentUser,
    reviewer: CurrentUser,
    items: ReadonlyArray<Draft & { interprets?: number; lagWorkingDays: number }>,
  ): Promise<string[]> {
    const agency = this.agencyOfUser(author);
    const now = this.clock.now();
    const ids: string[] = [];
    await this.store.messaging.transaction(async (tx) => {
      for (const { interprets, lagWorkingDays, ...d } of items) {
        const interpretsId = interprets === undefined ? d.interpretsId : ids[interprets];
        if (interpretsId === undefined) throw new Error(`seed item ${d.title}: its policy comes later`);
        const draft = { ...d, interpretsId };
        const id = randomUUID();
        const year = chinaYear(draft.writtenOn);
        const serial = await nextIndexSerial(tx, agency.agencyCode, year, draft.openCategory);
        const due = this.store.calendar.current().addWorkingDays(draft.writtenOn, lagWorkingDays);
        const at = due.getTime() < now.getTime() ? new Date(due.getTime() - 8 * 3_600_000) : now;
        const row = {
          id,
          indexNo: formatIndexNo(agency.agencyCode, year, draft.openCategory, serial),
          departmentCode: agency.departmentCode,
          agencyCode: agency.agencyCode,
          ...this.fields(draft),
          status: 'published',
          version: 1,
          authorId: author.id,
          authorName: author.name,
          submittedAt: at,
          reviewerId: reviewer.id,
          reviewerName: reviewer.name,
          reviewedAt: at,
          reviewNote: null,
          publishedAt: at,
          publishedOn: chinaDateString(at),
          withdrawnAt: null,
          withdrawReason: null,
        };
        await insertItem(tx, row);
        await appendVersion(tx, {
          itemId: id,
          version: 1,
          action: 'published',
          title: row.title,
          body: row.body,
          snapshot: snapshotOf(row),
          note: null,
          actorId: reviewer.id,
          actorName: reviewer.name,
          at,
        });
        await this.store.messaging.stage(tx, DisclosureItemPublished, {
          ...eventBase(row, reviewer, at),
          publishedOn: row.publishedOn,
          overdue: at.getTime() > row.dueAt.getTime(),
          corrected: false,
        });
        ids.push(id);
      }
    });
    return ids;
  }

  /** Fills the pinyin search text of items written before the column existed; returns how many. */
  /**
   * One-off backfill of the publication clock in supervision: an item drafted (or sent to 保密审查) before disclosure
   * published `disclosure.item.drafted` has no clock there. For each such unpublished item the service stages, once,
   * the `drafted` event it would have staged (its 成文日期 and deadline as they stand, occurredAt = when it was
   * written, the system as actor) and, for one in review, `submitted`. Idempotent: an item with a `drafted` event in
   * the outbox (which keeps its rows) is skipped. Run at the service's start; returns how many items it covered.
   */
  async backfillClockEvents(): Promise<number> {
    const rows = await unpublishedWithoutDraftedEvent(this.store.prisma);
    for (const row of rows)
      await this.store.messaging.transaction(async (tx) => {
        const locked = await lockItem(tx, row.id);
        if (!locked || (locked.status !== 'draft' && locked.status !== 'in-review')) return;
        const base = eventBase(locked, SYSTEM_ACTOR, locked.createdAt);
        await this.store.messaging.stage(tx, DisclosureItemDrafted, { ...base, edited: false });
        if (locked.status === 'in-review')
          await this.store.messaging.stage(tx, DisclosureItemSubmitted, {
            ...base,
            note: null,
            occurredAt: (locked.submittedAt ?? locked.updatedAt).toISOString(),
          });
      });
    return rows.length;
  }

  async fillSearchText(): Promise<number> {
    let filled = 0;
    for (;;) {
      const rows = await itemsWithoutSearchText(this.store.prisma, 200);
      if (rows.length === 0) return filled;
      for (const r of rows) await setSearchText(this.store.prisma, r.id, itemSearchText(r));
      filled += rows.length;
    }
  }

  async get(user: CurrentUser, id: string): Promise<StaffItem> {
    const row = await this.owned(user, id);
    const links = await interpretationsOf(this.store.prisma, id, ['draft', 'in-review', 'published']);
    return this.view(
      user,
      row,
      links.map((l) => l.id),
    );
  }

  async history(user: CurrentUser, id: string): Promise<ItemHistory> {
    await this.owned(user, id);
    const rows = await versionsOf(this.store.prisma, id);
    return {
      versions: rows.map((v) => ({
        seq: v.seq,
        version: v.version,
        action: v.action as 'published' | 'corrected' | 'withdrawn',
        title: v.title,
        body: v.body,
        note: v.note,
        actorName: v.actorName,
        at: v.at.toISOString(),
      })),
    };
  }

  async list(user: CurrentUser, q: z.output<typeof StaffItemQuery>): Promise<StaffItemPage> {
    const agency = this.agencyOfUser(user);
    const { rows, total } = await listDepartmentItems(this.store.prisma, agency.departmentCode, {
      page: q.page,
      pageSize: q.pageSize,
      status: q.status,
      overdueAt: q.overdue ? this.clock.now() : undefined,
    });
    return { items: rows.map((r) => this.view(user, r, [])), total, page: q.page, pageSize: q.pageSize };
  }

  async overdue(): Promise<OverdueItems> {
    const rows = await overdueItems(this.store.prisma, this.clock.now());
    return {
      items: rows.map((r) => ({
        id: r.id,
        indexNo: r.indexNo,
        departmentCode: r.departmentCode,
        departmentName: departmentName(r.departmentCode),
        title: r.title,
        status: r.status as ItemStatus,
        writtenOn: r.writtenOn,
        dueAt: r.dueAt.toISOString(),
      })),
    };
  }

  private view(user: CurrentUser, r: ItemRow, interpretationIds: string[]): StaffItem {
    const now = this.clock.now();
    return {
      id: r.id,
      indexNo: r.indexNo,
      departmentCode: r.departmentCode,
      departmentName: departmentName(r.departmentCode),
      title: r.title,
      body: r.body,
      writtenOn: r.writtenOn,
      publishedOn: r.publishedOn,
      dueAt: r.dueAt.toISOString(),
      overdue: (r.status === 'draft' || r.status === 'in-review') && now.getTime() > r.dueAt.getTime(),
      topic: r.topic,
      openCategory: r.openCategory as OpenCategory,
      keyArea: r.keyArea as KeyArea | null,
      kind: r.kind as ItemKind,
      interpretsId: r.interpretsId,
      interpretationIds,
      status: r.status as ItemStatus,
      version: r.version,
      authorName: r.authorName,
      reviewerName: r.reviewerName,
      reviewNote: r.reviewNote,
      withdrawReason: r.withdrawReason,
      attachments: r.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
      })),
      mayReview: r.status === 'in-review' && user.departmentRole === 'head' && user.id !== r.authorId,
    };
  }
}

/** An item's fields as the history and events need them (the timestamps of the row are not). */
type ItemFields = Omit<ItemRow, 'attachments' | 'createdAt' | 'updatedAt'>;

function snapshotOf(r: ItemFields & { attachments?: unknown }) {
  return {
    indexNo: r.indexNo,
    title: r.title,
    body: r.body,
    writtenOn: r.writtenOn,
    publishedOn: r.publishedOn,
    topic: r.topic,
    openCategory: r.openCategory,
    keyArea: r.keyArea,
    kind: r.kind,
    interpretsId: r.interpretsId,
    status: r.status,
    version: r.version,
  };
}

type EventFields = Pick<
  ItemFields,
  | 'id'
  | 'indexNo'
  | 'departmentCode'
  | 'agencyCode'
  | 'title'
  | 'openCategory'
  | 'keyArea'
  | 'writtenOn'
  | 'dueAt'
  | 'version'
>;

function eventBase(r: EventFields, user: CurrentUser | Actor, now: Date) {
  return {
    itemId: r.id,
    indexNo: r.indexNo,
    departmentCode: r.departmentCode,
    regionCode: r.agencyCode.slice(0, 6),
    title: r.title,
    openCategory: r.openCategory as OpenCategory,
    keyArea: r.keyArea as KeyArea | null,
    writtenOn: r.writtenOn,
    dueAt: r.dueAt.toISOString(),
    version: r.version,
    occurredAt: now.toISOString(),
    actor: 'roles' in user ? actorOf(user) : user,
  };
}

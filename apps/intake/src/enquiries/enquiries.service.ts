import { isRegionCode, regionCovers, regionPrefix, type CurrentUser } from '@hall/auth';
import type { Clock, WorkingCalendar } from '@hall/calendar';
import {
  EnquiryAnswered,
  EnquiryExtended,
  EnquiryReceived,
  EnquiryRated,
  EnquiryReviewed,
  EnquiryRouted,
  ImplementationSnapshot,
  normaliseQueryCode,
  type Actor,
  type AnswerEnquiryBody,
  type DecideEnquiryExtensionBody,
  type RequestEnquiryExtensionBody,
  type EnquiryPage,
  type EnquiryDeflectionBody,
  type EnquiryDeflectionReceipt,
  type EnquiryReceipt,
  type EnquiryStats,
  type EnquiryStatsQuery,
  type EnquirySuggestionList,
  type EnquirySuggestionQuery,
  type EnquiryType,
  type EnquiryView,
  type EnquiryWorkQuery,
  type FollowUpEnquiryBody,
  type PublishedEnquiryPage,
  type PublishedEnquiryQuery,
  type RateEnquiryBody,
  type ReviewEnquiryBody,
  type RouteEnquiryBody,
  type SubmitEnquiryBody,
  type TransferEnquiryBody,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { normaliseQuery } from '@hall/search-text';
import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import { digestQueryCode, formatQueryCode, newQueryCode, queryCodeMatches } from '../public/query-code.js';
import { attachUploadsToEnquiry } from '../files/uploaded-file.repository.js';
import { iso, isoOrNull } from '../shared/instant.js';
import type {
  EnquiryRepository,
  EnquiryRow,
  EnquiryWithSteps,
  NewEnquiryFile,
  StepInput,
} from './enquiry.repository.js';
import { isAnonymousOwner } from './anonymous-attachments.js';
import { enquiryStats } from './enquiry-stats.js';
import {
  DEFAULT_MAX_EXTENSION_DAYS,
  enquiryPrefix,
  formatEnquiryNo,
  MAX_TRANSFERS,
  publishedTextOf,
} from './enquiry-rules.js';
import {
  draftTerms,
  guideSuggestions,
  intentsOf,
  minScore,
  rank,
  regionAndAbove,
  scoreText,
  type Scored,
} from './enquiry-suggestions.js';

/** How many suggestions a draft gets, and how many items besides the chosen one are searched. */
const MAX_SUGGESTIONS = 5;
const MATCHED_ITEMS = 3;

type Asker = { kind: 'user'; user: CurrentUser } | { kind: 'code'; code: string | undefined };

/** An anonymous 咨询's files as stored (see EnquiriesService.submit). */
export interface AnonymousFiles {
  owner: string;
  files: readonly NewEnquiryFile[];
  /** Throws when the owner's files of the last 24 hours (`used`) plus these pass the quota. */
  checkQuota: (used: { files: number; bytes: number }, adding: { files: number; bytes: number }) => void;
}

const DAY_MS = 24 * 3600 * 1000;

const actorOf = (user: CurrentUser, role: string): Actor => ({
  userId: user.id,
  name: user.name,
  role,
  ...(user.department ? { department: user.department } : {}),
  ...(user.region && isRegionCode(user.region) ? { region: user.region } : {}),
});

const step = (
  kind: StepInput['kind'],
  at: Date,
  user: CurrentUser | null,
  departmentCode: string | null,
  note: string | null = null,
): StepInput => ({
  kind,
  at,
  actorId: user?.id ?? null,
  actorName: user?.name ?? null,
  departmentCode,
  note,
});

/**
 * 在线咨询与投诉: a citizen asks (咨询), complains (投诉), suggests (建议) or asks for help (求助); the service centre's
 * dispatcher (a window clerk of the region) routes it to a department; the department answers or hands it back (at
 * most {@link MAX_TRANSFERS} times); the asker rates the answer and may ask one follow-up question. Anonymous asking
 * is for 咨询 only, with a 查询码 as the way back; a complaint needs a real-name login.
 */
export class EnquiriesService {
  constructor(
    private readonly store: IntakeStore,
    private readonly repo: EnquiryRepository,
    private readonly clock: Clock,
    private readonly limitDays: Readonly<Record<EnquiryType, number>>,
    private readonly maxExtensionDays: number = DEFAULT_MAX_EXTENSION_DAYS,
  ) {}

  private calendar(): WorkingCalendar {
    return this.store.calendar.current();
  }

  /**
   * The checks of an enquiry before anything is written or stored (an anonymous one with files runs them before
   * reading its files: a refused enquiry stores none).
   */
  async checkAsk(asker: CurrentUser | null, body: SubmitEnquiryBody): Promise<void> {
    if (asker === null && body.type !== 'consultation')
      throw unprocessable(
        IntakeErrorCode.EnquiryNeedsLogin,
        'type',
        `a ${body.type} needs a real-name login; only a consultation (咨询) may be anonymous`,
      );
    if (asker === null && (body.attachmentIds?.length ?? 0) > 0)
      throw unprocessable(
        IntakeErrorCode.EnquiryNeedsLogin,
        'attachmentIds',
        'attachments need a real-name login (an upload belongs to a signed-in user)',
      );
    if (body.applicationNo !== undefined) {
      const owner = asker === null ? null : await this.repo.applicantOf(body.applicationNo);
      if (asker === null || owner !== asker.id)
        throw unprocessable(
          IntakeErrorCode.EnquiryApplicationUnknown,
          'applicationNo',
          'not one of your applications',
        );
    }
  }

  /**
   * Sends an enquiry. `anonymousFiles`: an anonymous 咨询's files, stored already by the caller; recorded with it in
   * the same transaction, under a lock of their owner (the client's IP digest) and only within its 24-hour quota
   * (else the quota error, nothing written: the caller removes the stored objects).
   */
  async submit(
    asker: CurrentUser | null,
    body: SubmitEnquiryBody,
    anonymousFiles?: AnonymousFiles,
  ): Promise<EnquiryReceipt> {
    await this.checkAsk(asker, body);
    const now = this.clock.now();
    const dueBy = this.calendar().addWorkingDays(now, this.limitDays[body.type]);
    const code = asker === null ? newQueryCode() : null;
    const receipt = await this.repo.transaction(async (tx) => {
      const prefix = enquiryPrefix(body.type, now);
      const no = formatEnquiryNo(prefix, await this.repo.nextSerial(tx, prefix));
      await this.repo.create(
        tx,
        {
          no,
          type: body.type,
          status: 'submitted',
          subject: body.subject,
          text: body.text,
          userId: asker?.id ?? null,
          askerName: asker?.name ?? null,
          codeHash: code === null ? null : digestQueryCode(this.store.cipher, `enquiry:${no}`, code),
          contactName: body.contactName ?? null,
          contactPhone: body.contactPhone ?? null,
          public: body.public,
          regionCode: body.regionCode,
          implementationCode: body.implementationCode ?? null,
          applicationNo: body.applicationNo ?? null,
          dueBy,
          createdAt: now,
        },
        step('submitted', now, asker, null),
      );
      if (asker !== null) await this.attach(tx, no, asker.id, body.attachmentIds);
      if (asker === null && anonymousFiles !== undefined && anonymousFiles.files.length > 0) {
        const { owner, files, checkQuota } = anonymousFiles;
        await this.repo.lockOwner(tx, owner);
        checkQuota(await this.repo.filesSince(tx, owner, new Date(now.getTime() - DAY_MS)), {
          files: files.length,
          bytes: files.reduce((n, f) => n + f.size, 0),
        });
        await this.repo.addFiles(tx, no, owner, files, now);
      }
      await this.store.messaging.stage(tx, EnquiryReceived, {
        enquiryNo: no,
        type: body.type,
        regionCode: body.regionCode,
        departmentCode: null,
        dueBy: iso(dueBy),
        occurredAt: iso(now),
        actor: asker === null ? null : actorOf(asker, 'applicant'),
        implementationCode: body.implementationCode ?? null,
        applicationNo: body.applicationNo ?? null,
      });
      return { no, dueBy: iso(dueBy) };
    });
    return code === null ? receipt : { ...receipt, queryCode: formatQueryCode(code) };
  }

  /** The enquiry as its asker (login or 查询码) or a member of staff who may handle it sees it; else 404. */
  async view(no: string, asker: Asker): Promise<EnquiryView> {
    const e = await this.repo.find(no);
    if (e === null || !(await this.mayRead(e, asker))) throw AppError.notFound('enquiry', no);
    return this.viewOf(e, asker.kind === 'code');
  }

  async mine(user: CurrentUser, page: number, pageSize: number): Promise<EnquiryPage> {
    const { total, rows } = await this.repo.page({ userId: user.id }, page, pageSize);
    return { total, pageSize, items: rows.map((r) => this.summaryOf(r)) };
  }

  /** The staff queue: waiting to be routed in the dispatcher's region, or routed to the officer's department. */
  async work(user: CurrentUser, q: EnquiryWorkQuery): Promise<EnquiryPage> {
    if (user.region === undefined || !isRegionCode(user.region))
      return { total: 0, pageSize: q.pageSize, items: [] };
    let where: Prisma.EnquiryWhereInput;
    if (q.queue === 'dispatch') {
      if (!user.roles.includes('clerk')) throw forbidden('only the service centre (窗口) dispatches');
      where = { status: 'submitted', regionCode: user.region };
    } else if (q.queue === 'review') {
      if (!user.roles.includes('clerk')) throw forbidden('only the service centre (窗口) reviews complaints');
      where = { status: 'review', regionCode: user.region };
    } else if (q.queue === 'extension') {
      if (!user.roles.includes('clerk')) throw forbidden('only the service centre (窗口) decides extensions');
      where = { status: 'routed', extensionStatus: 'pending', regionCode: user.region };
    } else {
      if (!user.roles.includes('approver') || user.department === undefined)
        throw forbidden('only department officers have a department queue');
      where = {
        status: 'routed',
        departmentCode: user.department,
        regionCode: { startsWith: regionPrefix(user.region) },
      };
    }
    const { total, rows } = await this.repo.page(where, q.page, q.pageSize);
    return { total, pageSize: q.pageSize, items: rows.map((r) => this.summaryOf(r)) };
  }

  async route(user: CurrentUser, no: string, body: RouteEnquiryBody): Promise<EnquiryView> {
    return this.change(no, async (tx, e, now) => {
      if (!(user.roles.includes('clerk') && user.region === e.regionCode))
        throw AppError.notFound('enquiry', no);
      if (e.status !== 'submitted') throw illegal(e, 'route');
      await this.apply(tx, e, { status: 'routed', departmentCode: body.departmentCode });
      await this.repo.addStep(tx, no, step('routed', now, user, body.departmentCode, body.note ?? null));
      await this.store.messaging.stage(tx, EnquiryRouted, {
        ...this.eventBase(e, now, actorOf(user, 'clerk')),
        departmentCode: body.departmentCode,
        transfer: false,
        reason: body.note ?? null,
      });
    });
  }

  async transfer(user: CurrentUser, no: string, body: TransferEnquiryBody): Promise<EnquiryView> {
    return this.change(no, async (tx, e, now) => {
      this.assertHandler(user, e);
      if (e.status !== 'routed' || e.answer !== null) throw illegal(e, 'transfer');
      if (e.transfers >= MAX_TRANSFERS)
        throw AppError.conflict(
          IntakeErrorCode.EnquiryTransferLimit,
          `enquiry ${no} was handed back ${e.transfers} times already; the department the dispatcher chose answers it`,
          { transfers: e.transfers, max: MAX_TRANSFERS },
        );
      await this.apply(tx, e, {
        status: 'submitted',
        departmentCode: null,
        transfers: e.transfers + 1,
        // A pending extension request was the handing-back department's: the next department may ask its own.
        ...(e.extensionStatus === 'pending'
          ? { extensionStatus: null, extensionDays: null, extensionReason: null }
          : {}),
      });
      await this.repo.addStep(tx, no, step('transferred', now, user, e.departmentCode, body.reason));
      await this.store.messaging.stage(tx, EnquiryRouted, {
        ...this.eventBase(e, now, actorOf(user, 'approver')),
        departmentCode: null,
        transfer: true,
        reason: body.reason,
      });
    });
  }

  /**
   * 延期: the department handling the enquiry asks once for more working days (at most the configured maximum), with
   * a reason; the service centre's dispatcher decides. Nothing moves until it is approved.
   */
  async requestExtension(
    user: CurrentUser,
    no: string,
    body: RequestEnquiryExtensionBody,
  ): Promise<EnquiryView> {
    if (body.days > this.maxExtensionDays)
      throw unprocessable(
        IntakeErrorCode.EnquiryExtensionTooLong,
        'days',
        `an extension adds at most ${this.maxExtensionDays} working days`,
        { max: this.maxExtensionDays },
      );
    return this.change(no, async (tx, e, now) => {
      this.assertHandler(user, e);
      if (e.status !== 'routed') throw illegal(e, 'extension');
      if (e.extensionStatus !== null)
        throw AppError.conflict(
          IntakeErrorCode.EnquiryExtensionUsed,
          `enquiry ${no} had its extension request (${e.extensionStatus})`,
          { extensionStatus: e.extensionStatus },
        );
      await this.apply(tx, e, {
        extensionStatus: 'pending',
        extensionDays: body.days,
        extensionReason: body.reason,
      });
      await this.repo.addStep(
        tx,
        no,
        step('extension-requested', now, user, e.departmentCode, `${body.days}: ${body.reason}`),
      );
    });
  }

  /**
   * The dispatcher of the enquiry's region approves (the due date moves by the days asked, in working days, and
   * `intake.enquiry.extended` is staged) or rejects (with a note) a pending extension request.
   */
  async decideExtension(
    user: CurrentUser,
    no: string,
    body: DecideEnquiryExtensionBody,
  ): Promise<EnquiryView> {
    if (!body.approve && body.note === undefined)
      throw unprocessable(IntakeErrorCode.EnquiryExtensionNoteMissing, 'note', 'a rejection needs a note');
    return this.change(no, async (tx, e, now) => {
      if (!(user.roles.includes('clerk') && user.region === e.regionCode))
        throw AppError.notFound('enquiry', no);
      if (e.status !== 'routed' || e.extensionStatus !== 'pending' || e.extensionDays === null)
        throw illegal(e, 'extension decision');
      if (!body.approve) {
        await this.apply(tx, e, { extensionStatus: 'rejected', extensionNote: body.note ?? null });
        await this.repo.addStep(
          tx,
          no,
          step('extension-rejected', now, user, e.departmentCode, body.note ?? null),
        );
        return;
      }
      const dueBy = this.calendar().addWorkingDays(e.dueBy, e.extensionDays);
      await this.apply(tx, e, { extensionStatus: 'approved', extensionNote: body.note ?? null, dueBy });
      await this.repo.addStep(tx, no, step('extended', now, user, e.departmentCode, body.note ?? null));
      await this.store.messaging.stage(tx, EnquiryExtended, {
        ...this.eventBase({ ...e, dueBy }, now, actorOf(user, 'clerk')),
        extensionDays: e.extensionDays,
        reason: e.extensionReason ?? '',
        previousDueBy: iso(e.dueBy),
      });
    });
  }

  async answer(user: CurrentUser, no: string, body: AnswerEnquiryBody): Promise<EnquiryView> {
    return this.change(no, async (tx, e, now) => {
      this.assertHandler(user, e);
      if (e.status !== 'routed') throw illegal(e, 'answer');
      const reAnswer = e.reviewDecision === 'reanswer' && e.reAnswer === null;
      const followUp = !reAnswer && e.answer !== null;
      const answered = reAnswer
        ? {
            reAnswer: body.answer,
            publishedText: e.public ? publishedTextOf({ ...e, answer: body.answer }) : null,
          }
        : followUp
          ? { followUpAnswer: body.answer }
          : {
              answer: body.answer,
              answeredAt: now,
              answeredBy: user.name,
              answeredOnTime: now <= e.dueBy,
              publishedText: e.public ? publishedTextOf({ ...e, answer: body.answer }) : null,
            };
      await this.apply(tx, e, { status: 'answered', ...answered });
      await this.attach(tx, no, user.id, body.attachmentIds);
      await this.repo.addStep(tx, no, step('answered', now, user, e.departmentCode));
      await this.store.messaging.stage(tx, EnquiryAnswered, {
        ...this.eventBase(e, now, actorOf(user, 'approver')),
        onTime: now <= e.dueBy,
        followUp,
      });
    });
  }

  async followUp(no: string, asker: Asker, body: FollowUpEnquiryBody): Promise<EnquiryView> {
    return this.change(
      no,
      async (tx, e, now) => {
        if (!(await this.mayAsk(e, asker))) throw AppError.notFound('enquiry', no);
        if (e.status !== 'answered') throw illegal(e, 'follow-up');
        if (e.followUp !== null)
          throw AppError.conflict(
            IntakeErrorCode.EnquiryFollowUpUsed,
            `enquiry ${no} had its follow-up question`,
          );
        const dueBy = this.calendar().addWorkingDays(now, this.limitDays[e.type as EnquiryType]);
        await this.apply(tx, e, { status: 'routed', followUp: body.text, dueBy });
        const user = asker.kind === 'user' ? asker.user : null;
        await this.repo.addStep(tx, no, step('follow-up', now, user, e.departmentCode, body.text));
        await this.store.messaging.stage(tx, EnquiryRouted, {
          ...this.eventBase({ ...e, dueBy }, now, user === null ? null : actorOf(user, 'applicant')),
          transfer: false,
          reason: null,
        });
      },
      asker,
    );
  }

  async rate(no: string, asker: Asker, body: RateEnquiryBody): Promise<EnquiryView> {
    return this.change(
      no,
      async (tx, e, now) => {
        if (!(await this.mayAsk(e, asker))) throw AppError.notFound('enquiry', no);
        if (e.status !== 'answered') throw illegal(e, 'rate');
        // An unsatisfied complaint goes to the service centre's 复核, once: the rating of a re-answer closes it.
        const review = e.type === 'complaint' && body.rating === 'unsatisfied' && e.reviewDecision === null;
        await this.apply(tx, e, {
          status: review ? 'review' : 'closed',
          rating: body.rating,
          ratingComment: body.comment ?? null,
        });
        const user = asker.kind === 'user' ? asker.user : null;
        await this.repo.addStep(tx, no, step('rated', now, user, e.departmentCode, body.comment ?? null));
        await this.store.messaging.stage(tx, EnquiryRated, {
          ...this.eventBase(e, now, user === null ? null : actorOf(user, 'applicant')),
          rating: body.rating,
          review,
        });
      },
      asker,
    );
  }

  /**
   * 复核 of an unsatisfied complaint by the service centre (the dispatcher of its region, who routed it): uphold the
   * answer (closed, the note goes to the citizen) or send it back to the department for a re-answer with a reason
   * (routed again, a new answer clock of the type's limit).
   */
  async review(user: CurrentUser, no: string, body: ReviewEnquiryBody): Promise<EnquiryView> {
    return this.change(no, async (tx, e, now) => {
      if (!(user.roles.includes('clerk') && user.region === e.regionCode))
        throw AppError.notFound('enquiry', no);
      if (e.status !== 'review') throw illegal(e, 'review');
      const upheld = body.decision === 'uphold';
      const dueBy = upheld
        ? e.dueBy
        : this.calendar().addWorkingDays(now, this.limitDays[e.type as EnquiryType]);
      await this.apply(tx, e, {
        status: upheld ? 'closed' : 'routed',
        reviewDecision: upheld ? 'upheld' : 'reanswer',
        reviewNote: body.note,
        reviewedAt: now,
        reviewedBy: user.name,
        dueBy,
        ...(upheld ? {} : { rating: null, ratingComment: null }),
      });
      await this.repo.addStep(
        tx,
        no,
        step(upheld ? 'upheld' : 'returned', now, user, e.departmentCode, body.note),
      );
      await this.store.messaging.stage(tx, EnquiryReviewed, {
        ...this.eventBase({ ...e, dueBy }, now, actorOf(user, 'clerk')),
        decision: upheld ? 'upheld' : 'reanswer',
        note: body.note,
      });
    });
  }

  async published(q: PublishedEnquiryQuery): Promise<PublishedEnquiryPage> {
    const { total, rows } = await this.repo.published(
      {
        ...(q.q ? { q: normaliseQuery(q.q) } : {}),
        ...(q.implementationCode ? { implementationCode: q.implementationCode } : {}),
      },
      q.page,
      q.pageSize,
    );
    return {
      total,
      pageSize: q.pageSize,
      items: rows.map((r) => ({
        no: r.no,
        type: r.type as EnquiryType,
        subject: r.subject,
        text: r.text,
        answer: r.reAnswer ?? r.answer ?? '',
        departmentCode: r.departmentCode,
        implementationCode: r.implementationCode,
        answeredAt: iso(r.answeredAt ?? r.createdAt),
      })),
    };
  }

  /**
   * 问前推荐: answers the hall already has for a draft question — the chosen item's guide (FAQs; materials, fees and
   * time limits when asked about), the guides of the items whose names match (in the asker's region or above), and
   * published answers — best first. Reads intake's copy of the published items (the catalog's snapshots).
   */
  async suggestions(q: EnquirySuggestionQuery): Promise<EnquirySuggestionList> {
    const terms = draftTerms(q.q);
    const intents = intentsOf(q.q);
    const bar = minScore(terms);
    const items = await this.repo.publishedItems(q.regionCode ? regionAndAbove(q.regionCode) : null);
    const matched = items
      .filter((i) => i.code !== q.implementationCode)
      .map((i) => ({ code: i.code, score: scoreText(terms, i.name) }))
      .filter((i) => i.score > 0 && i.score >= Math.min(bar, 2))
      .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
      .slice(0, MATCHED_ITEMS);
    const codes = [...(q.implementationCode ? [q.implementationCode] : []), ...matched.map((m) => m.code)];
    const scored: Scored[] = [];
    // Materials, fees and time limits of one item only: the chosen one, or else the best match by name.
    const sectionsOf = codes[0];
    for (const row of await this.repo.itemSnapshots(codes)) {
      const snapshot = ImplementationSnapshot.parse(row.snapshot);
      const chosen = row.code === q.implementationCode;
      scored.push(...guideSuggestions(snapshot, terms, intents, chosen, row.code === sectionsOf));
    }
    const published = await this.repo.publishedMatching(
      [...terms.bigrams.slice(0, 30), ...terms.pinyin.slice(0, 5)],
      100,
    );
    for (const p of published) {
      const score = scoreText(terms, p.publishedText ?? '');
      if (score < bar || score === 0) continue;
      scored.push({
        score: score + (q.implementationCode && p.implementationCode === q.implementationCode ? 2 : 0),
        item: {
          source: 'published',
          title: p.subject,
          text: p.reAnswer ?? p.answer ?? '',
          implementationCode: p.implementationCode,
          itemName: null,
          enquiryNo: p.no,
        },
      });
    }
    return { items: rank(scored, MAX_SUGGESTIONS) };
  }

  /** A question the asker did not send because a suggestion answered it: counted for statistics, nothing personal. */
  async deflect(body: EnquiryDeflectionBody): Promise<EnquiryDeflectionReceipt> {
    await this.repo.recordDeflection({
      type: body.type,
      regionCode: body.regionCode,
      implementationCode: body.implementationCode ?? null,
      source: body.source,
      createdAt: this.clock.now(),
    });
    return { recorded: true };
  }

  /**
   * 诉求统计 of the enquiries asked in the window (China days, both ends included) in the user's region and below:
   * a supervisor's region, or a dispatcher's (the service centre of a county).
   */
  async stats(user: CurrentUser, q: EnquiryStatsQuery): Promise<EnquiryStats> {
    if (user.region === undefined || !isRegionCode(user.region))
      throw forbidden('statistics need a region scope');
    const prefix = regionPrefix(user.region);
    const from = q.from ? chinaMidnight(q.from) : undefined;
    const to = q.to ? new Date(chinaMidnight(q.to).getTime() + 86_400_000) : undefined;
    const rows = await this.repo.forStats(prefix, from, to);
    const codes = [...new Set(rows.flatMap((r) => (r.implementationCode ? [r.implementationCode] : [])))];
    const names = await this.repo.itemNames(codes);
    const deflected = await this.repo.deflectionsByType(prefix, from, to);
    return enquiryStats(rows, this.clock.now(), (code) => names.get(code), deflected);
  }

  /**
   * One attachment of an enquiry for download: only its asker (signed in), the department it is routed to and the
   * dispatcher of its region — not supervisors, not the public page; else 404.
   */
  /** One attachment of an anonymous enquiry for whoever holds its 查询码; a wrong code or another file: 404. */
  async anonymousAttachment(no: string, code: string | undefined, fileId: string) {
    const e = await this.repo.find(no);
    if (e === null || !(await this.mayAsk(e, { kind: 'code', code }))) throw AppError.notFound('enquiry', no);
    const file = await this.repo.attachment(no, fileId);
    if (file === null) throw AppError.notFound('file', fileId);
    return file;
  }

  async attachment(user: CurrentUser, no: string, fileId: string) {
    const e = await this.repo.find(no);
    if (e === null || !this.mayOpenAttachments(e, user)) throw AppError.notFound('enquiry', no);
    const file = await this.repo.attachment(no, fileId);
    if (file === null) throw AppError.notFound('file', fileId);
    return file;
  }

  // ——— helpers ———

  private async attach(tx: IntakeTx, no: string, userId: string, ids: readonly string[] | undefined) {
    if (ids === undefined || ids.length === 0) return;
    if (!(await attachUploadsToEnquiry(tx, no, userId, ids)))
      throw unprocessable(
        IntakeErrorCode.EnquiryAttachmentUnknown,
        'attachmentIds',
        'every attachment must be one of your uploads not attached elsewhere',
      );
  }

  private mayOpenAttachments(e: EnquiryRow, u: CurrentUser): boolean {
    if (e.userId !== null && e.userId === u.id) return true;
    if (u.roles.includes('clerk') && u.region === e.regionCode) return true;
    try {
      this.assertHandler(u, e);
      return true;
    } catch {
      return false;
    }
  }

  private async change(
    no: string,
    fn: (tx: IntakeTx, e: EnquiryRow, now: Date) => Promise<void>,
    asker?: Asker,
  ): Promise<EnquiryView> {
    await this.repo.transaction(async (tx) => {
      const e = await this.repo.lock(tx, no);
      if (e === null) throw AppError.notFound('enquiry', no);
      await fn(tx, e, this.clock.now());
    });
    const after = await this.repo.find(no);
    if (after === null) throw AppError.notFound('enquiry', no);
    return this.viewOf(after, asker?.kind === 'code');
  }

  private async apply(tx: IntakeTx, e: EnquiryRow, data: Prisma.EnquiryUncheckedUpdateInput): Promise<void> {
    if (!(await this.repo.update(tx, e.no, e.status, data)))
      throw AppError.conflict(IntakeErrorCode.ConcurrentModification, `enquiry ${e.no} changed meanwhile`);
  }

  /** The department officer the enquiry is routed to (its department, a region covering the enquiry's). */
  private assertHandler(user: CurrentUser, e: EnquiryRow): void {
    const handles =
      user.roles.includes('approver') &&
      e.departmentCode !== null &&
      user.department === e.departmentCode &&
      user.region !== undefined &&
      regionCovers(user.region, e.regionCode);
    if (!handles) throw AppError.notFound('enquiry', e.no);
  }

  private async mayAsk(e: EnquiryRow, asker: Asker): Promise<boolean> {
    if (asker.kind === 'user') return e.userId !== null && e.userId === asker.user.id;
    if (e.codeHash === null || asker.code === undefined) return false;
    const code = normaliseQueryCode(asker.code);
    if (code === undefined) return false;
    return queryCodeMatches(this.store.cipher, `enquiry:${e.no}`, code, e.codeHash);
  }

  private async mayRead(e: EnquiryRow, asker: Asker): Promise<boolean> {
    if (await this.mayAsk(e, asker)) return true;
    if (asker.kind !== 'user') return false;
    const u = asker.user;
    if (u.roles.includes('clerk') && u.region === e.regionCode) return true;
    if (u.roles.includes('supervisor') && u.region !== undefined && regionCovers(u.region, e.regionCode))
      return true;
    try {
      this.assertHandler(u, e);
      return true;
    } catch {
      return false;
    }
  }

  private eventBase(e: EnquiryRow, now: Date, actor: Actor | null) {
    return {
      enquiryNo: e.no,
      type: e.type as EnquiryType,
      regionCode: e.regionCode,
      departmentCode: e.departmentCode,
      dueBy: iso(e.dueBy),
      occurredAt: iso(now),
      actor,
    };
  }

  private summaryOf(r: EnquiryRow) {
    return {
      no: r.no,
      type: r.type as EnquiryType,
      status: r.status as EnquiryView['status'],
      subject: r.subject,
      regionCode: r.regionCode,
      departmentCode: r.departmentCode,
      createdAt: iso(r.createdAt),
      dueBy: iso(r.dueBy),
      overdue: (r.status === 'submitted' || r.status === 'routed') && this.clock.now() > r.dueBy,
      rating: r.rating as EnquiryView['rating'],
    };
  }

  /** `byCode`: seen by the anonymous asker (查询码): the download links are the public ones (the code is added). */
  private viewOf(e: EnquiryWithSteps, byCode = false): EnquiryView {
    // The asker's files: a signed-in asker's own uploads, or those sent with an anonymous 咨询.
    const fromAsker = (owner: string) => (e.userId === null ? isAnonymousOwner(owner) : owner === e.userId);
    return {
      ...this.summaryOf(e),
      text: e.text,
      implementationCode: e.implementationCode,
      applicationNo: e.applicationNo,
      public: e.public,
      anonymous: e.userId === null,
      transfers: e.transfers,
      answer: e.answer,
      answeredAt: isoOrNull(e.answeredAt),
      followUp: e.followUp,
      followUpAnswer: e.followUpAnswer,
      reviewDecision: e.reviewDecision as EnquiryView['reviewDecision'],
      reviewNote: e.reviewNote,
      reAnswer: e.reAnswer,
      extension:
        e.extensionStatus === null || e.extensionDays === null
          ? null
          : {
              status: e.extensionStatus as 'pending' | 'approved' | 'rejected',
              days: e.extensionDays,
              reason: e.extensionReason ?? '',
              note: e.extensionNote,
            },
      // The asker's files first (they came with the question), then the department's, each in upload order.
      attachments: [...e.attachments]
        .sort((a, b) => Number(!fromAsker(a.ownerUserId)) - Number(!fromAsker(b.ownerUserId)))
        .map((f) => ({
          id: f.id,
          name: f.name,
          contentType: f.contentType,
          size: f.size,
          from: fromAsker(f.ownerUserId) ? ('asker' as const) : ('department' as const),
          url: byCode
            ? `/api/intake/public/enquiries/${e.no}/attachments/${f.id}`
            : `/api/intake/enquiries/${e.no}/attachments/${f.id}`,
        })),
      steps: e.steps.map((s) => ({
        kind: s.kind as EnquiryView['steps'][number]['kind'],
        at: iso(s.at),
        actorName: s.actorName,
        departmentCode: s.departmentCode,
        note: s.note,
      })),
    };
  }
}

/** The start of a China day (UTC+8, no daylight saving). */
const chinaMidnight = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

const forbidden = (message: string) => new AppError('FORBIDDEN', message, 403);

const illegal = (e: EnquiryRow, action: string) =>
  AppError.conflict(
    IntakeErrorCode.IllegalTransition,
    `enquiry ${e.no} is ${e.status}: ${action} is not allowed`,
    {
      status: e.status,
    },
  );

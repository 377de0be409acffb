import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import type { Clock, WorkingCalendar } from '@hall/calendar';
import { ApiZodQuery, AppError, parseQuery, RateLimited } from '@hall/platform';
import { z } from 'zod';
import { STATUS_LABELS, type ApplicationStatus } from '../applications/application-status.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';
import { IntakeStore } from '../intake.store.js';
import { maskPhone, publicApplicant } from './masking.js';
import { normaliseQueryCode, QUERY_CODE_LOCK_MINUTES, QUERY_CODE_MAX_FAILURES, QueryCodes, queryLocked } from './query-code.js';

const ProgressQuery = z
  .object({
    no: z.string().trim().toUpperCase().regex(/^\d{20}[0-9A-Z]$/, 'application number (21 characters)'),
    code: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine((c) => normaliseQueryCode(c) !== undefined, '查询码: 8 characters (letters and digits, e.g. ABCD-EFGH)')
      .describe('查询码 from the receipt, the 受理通知书 or the application view (case and the dash do not matter)'),
  })
  .strict();

const DecisionsQuery = z
  .object({
    region: z.string().regex(/^\d{6}$/).optional(),
    outcome: z.enum(['approved', 'denied']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** 双公示: decisions go online within 7 working days of the decision (intake publishes them at once). */
export const PUBLICATION_WORKING_DAYS = 7;

@ApiTags('public 公开')
@Controller('public')
export class PublicController {
  private readonly codes: QueryCodes;

  constructor(
    @Inject(IntakeStore) private readonly store: IntakeStore,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {
    this.codes = new QueryCodes(store, clock);
  }

  @Public()
  @RateLimited('public-lookup')
  @Get('progress')
  @ApiOperation({
    summary: `Progress of an application by number + its 查询码 (personal data masked); ${QUERY_CODE_MAX_FAILURES} wrong codes lock the application's lookup for ${QUERY_CODE_LOCK_MINUTES} minutes (429 QUERY_CODE_LOCKED)`,
  })
  @ApiZodQuery(ProgressQuery)
  async progress(@Query() query: unknown) {
    const q = parseQuery(ProgressQuery, query);
    const app = await this.store.prisma.application.findUnique({ where: { no: q.no } });
    const check = app ? await this.codes.check(app.no, q.code) : { ok: false as const };
    if (!check.ok && check.lockedUntil) throw queryLocked(q.no, check.lockedUntil, this.clock.now());
    // Same answer for an unknown number and a wrong code: the lookup reveals nothing without both.
    if (!app || !check.ok) throw AppError.notFound('application', q.no);
    const history = await this.store.prisma.statusHistory.findMany({ where: { applicationNo: app.no }, orderBy: { id: 'asc' } });
    return {
      no: app.no,
      itemName: app.itemName,
      implementingBody: app.implementingBody,
      status: app.status,
      statusLabel: STATUS_LABELS[app.status as ApplicationStatus] ?? app.status,
      applicant: { ...publicApplicant(app), ...(app.applicantPhone ? { phone: maskPhone(app.applicantPhone) } : {}) },
      promisedLimitDays: app.promisedLimitDays,
      dates: {
        receivedAt: app.receivedAt,
        acceptedAt: app.acceptedAt,
        refusedAt: app.refusedAt,
        decidedAt: app.decidedAt,
        completedAt: app.completedAt,
        deliveredAt: app.deliveredAt,
      },
      timeline: history.map((h) => ({ status: h.toStatus, label: STATUS_LABELS[h.toStatus as ApplicationStatus] ?? h.toStatus, at: h.at })),
    };
  }

  @Public()
  @Get('decisions')
  @ApiOperation({ summary: '双公示: licensing decisions (准予/不予), applicant data masked' })
  @ApiZodQuery(DecisionsQuery)
  async decisions(@Query() query: unknown) {
    const q = parseQuery(DecisionsQuery, query);
    const where = {
      decidedAt: { not: null },
      decisionOutcome: q.outcome ? q.outcome : { not: null },
      ...(q.region ? { regionCode: q.region } : {}),
    };
    const [total, rows] = await Promise.all([
      this.store.prisma.application.count({ where }),
      this.store.prisma.application.findMany({ where, orderBy: { decidedAt: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((a) => ({
        applicationNo: a.no,
        itemName: a.itemName,
        implementingBody: a.implementingBody,
        regionCode: a.regionCode,
        applicant: publicApplicant(a),
        outcome: a.decisionOutcome,
        outcomeLabel: a.decisionOutcome === 'approved' ? '准予许可' : '不予许可',
        decidedAt: a.decidedAt,
        ...publication(this.store.calendar.current(), a.decidedAt),
      })),
    };
  }
}

/** 公示期限: PUBLICATION_WORKING_DAYS working days after the decision; 暂定 when counted into a year without the official arrangement. */
function publication(calendar: WorkingCalendar, decidedAt: Date | null): { publishBy: Date | null; publishByProvisional: boolean } {
  if (decidedAt === null) return { publishBy: null, publishByProvisional: false };
  const publishBy = calendar.addWorkingDays(decidedAt, PUBLICATION_WORKING_DAYS);
  return { publishBy, publishByProvisional: calendar.isProvisional(decidedAt, publishBy) };
}

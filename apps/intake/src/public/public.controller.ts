import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import type { Clock, WorkingCalendar } from '@hall/calendar';
import {
  PublicDecisionPage,
  PublicDecisionsQuery,
  PublicProgress,
  PublicProgressQuery,
  type ApplicationStatusCode,
} from '@hall/contracts';
import { ApiZodResponse, AppError, RateLimited, ZodQuery } from '@hall/platform';
import { ApplicationRepository } from '../records/application.repository.js';
import { STATUS_LABELS, type ApplicationStatus } from '../records/application-status.js';
import { iso, isoOrNull } from '../shared/instant.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';
import { IntakeStore } from '../intake.store.js';
import { findServicePoint } from '../service-points/service-point.repository.js';
import { maskPhone, publicApplicant } from './masking.js';
import { QUERY_CODE_LOCK_MINUTES, QUERY_CODE_MAX_FAILURES, QueryCodes, queryLocked } from './query-code.js';

/** 双公示: decisions go online within 7 working days of the decision (intake publishes them at once). */
export const PUBLICATION_WORKING_DAYS = 7;

@ApiTags('public 公开')
@Controller('public')
export class PublicController {
  private readonly codes: QueryCodes;

  constructor(
    @Inject(IntakeStore) private readonly store: IntakeStore,
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
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
  @ApiZodResponse(200, PublicProgress)
  async progress(@ZodQuery(PublicProgressQuery) q: PublicProgressQuery): Promise<PublicProgress> {
    const app = await this.applications.find(q.no);
    const check = app ? await this.codes.check(app.no, q.code) : { ok: false as const };
    if (!check.ok && check.lockedUntil) throw queryLocked(q.no, check.lockedUntil, this.clock.now());
    // Same answer for an unknown number and a wrong code: the lookup reveals nothing without both.
    if (!app || !check.ok) throw AppError.notFound('application', q.no);
    const history = await this.applications.history(app.no);
    return {
      no: app.no,
      itemName: app.itemName,
      implementingBody: app.implementingBody,
      status: app.status as ApplicationStatusCode,
      statusLabel: STATUS_LABELS[app.status as ApplicationStatus] ?? app.status,
      applicant: {
        ...publicApplicant(app),
        ...(app.applicantPhone ? { phone: maskPhone(app.applicantPhone) } : {}),
      },
      promisedLimitDays: app.promisedLimitDays,
      dates: {
        receivedAt: iso(app.receivedAt),
        acceptedAt: isoOrNull(app.acceptedAt),
        refusedAt: isoOrNull(app.refusedAt),
        decidedAt: isoOrNull(app.decidedAt),
        completedAt: isoOrNull(app.completedAt),
        deliveredAt: isoOrNull(app.deliveredAt),
      },
      timeline: history.map((h) => ({
        status: h.toStatus,
        label: STATUS_LABELS[h.toStatus as ApplicationStatus] ?? h.toStatus,
        at: iso(h.at),
      })),
      servicePointName: app.servicePointId
        ? ((await findServicePoint(this.store.prisma, app.servicePointId))?.name ?? null)
        : null,
    };
  }

  @Public()
  @Get('decisions')
  @ApiOperation({ summary: '双公示: licensing decisions (准予/不予), applicant data masked' })
  @ApiZodResponse(200, PublicDecisionPage)
  async decisions(@ZodQuery(PublicDecisionsQuery) q: PublicDecisionsQuery): Promise<PublicDecisionPage> {
    const { total, rows } = await this.applications.decisions(q);
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
        decidedAt: isoOrNull(a.decidedAt),
        ...publication(this.store.calendar.current(), a.decidedAt),
      })),
    };
  }
}

/** 公示期限: PUBLICATION_WORKING_DAYS working days after the decision; 暂定 when counted into a year without the official arrangement. */
function publication(
  calendar: WorkingCalendar,
  decidedAt: Date | null,
): { publishBy: string | null; publishByProvisional: boolean } {
  if (decidedAt === null) return { publishBy: null, publishByProvisional: false };
  const publishBy = calendar.addWorkingDays(decidedAt, PUBLICATION_WORKING_DAYS);
  return { publishBy: iso(publishBy), publishByProvisional: calendar.isProvisional(decidedAt, publishBy) };
}

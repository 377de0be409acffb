import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '@hall/auth';
import {
  ApplicationAcceptBody,
  ApplicationDeliverBody,
  ApplicationHandoverBody,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationRefuseBody,
  ApplicationView,
  ApplicationWithdrawBody,
  DeliveredApplicationView,
  DeliveryChoice,
  PrecheckBody,
  PrecheckResult,
  SubmitApplicationBody,
  SupplementBody,
  SupplementNoticeBody,
} from '@hall/contracts';
import {
  ApiZodResponse,
  AppError,
  AuditRead,
  Idempotent,
  IdempotencyKey,
  ZodBody,
  ZodQuery,
  type IdempotentCall,
} from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { NoticesService } from '../notices/notices.service.js';
import { assertRelation } from './application-access.js';
import { ApplicationRepository } from '../records/application.repository.js';
import { ApplicationsService } from './applications.service.js';
import { AcceptApplication } from './usecases/accept.js';
import { HandOutResult } from './usecases/hand-out.js';
import { HandOverApplication } from './usecases/hand-over.js';
import { RefuseApplication } from './usecases/refuse.js';
import { RequestSupplement } from './usecases/request-supplement.js';
import { SubmitApplication } from './usecases/submit.js';
import { SupplementApplication } from './usecases/supplement.js';
import { WithdrawApplication } from './usecases/withdraw.js';

@ApiTags('applications 办件')
@Controller('applications')
export class ApplicationsController {
  constructor(
    @Inject(ApplicationsService) private readonly applications: ApplicationsService,
    @Inject(SubmitApplication) private readonly submitApplication: SubmitApplication,
    @Inject(AcceptApplication) private readonly acceptApplication: AcceptApplication,
    @Inject(RefuseApplication) private readonly refuseApplication: RefuseApplication,
    @Inject(RequestSupplement) private readonly requestSupplement: RequestSupplement,
    @Inject(SupplementApplication) private readonly supplementApplication: SupplementApplication,
    @Inject(WithdrawApplication) private readonly withdrawApplication: WithdrawApplication,
    @Inject(HandOutResult) private readonly handOutResult: HandOutResult,
    @Inject(HandOverApplication) private readonly handOverApplication: HandOverApplication,
    @Inject(NoticesService) private readonly notices: NoticesService,
    @Inject(ApplicationRepository) private readonly repository: ApplicationRepository,
  ) {}

  @Roles('applicant', 'clerk')
  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Submit an application (申报); a clerk submits for a walk-in applicant (代办). Idempotency-Key: a retry returns the same application.',
  })
  @ApiZodResponse(201, ApplicationView, 'Submitted')
  @ApiZodResponse(
    200,
    ApplicationView,
    'A retry with the same Idempotency-Key: the application it made (header idempotent-replayed)',
  )
  async submit(
    @CurrentUser() user: CurrentUser,
    @ZodBody(SubmitApplicationBody) body: SubmitApplicationBody,
    @IdempotencyKey() idempotency: IdempotentCall | undefined,
  ): Promise<ApplicationView> {
    const { no, parts } = await this.submitApplication.submit(user, body, idempotency);
    return parts
      ? this.applications.view(user, parts, 'owner-or-agent')
      : this.applications.submitted(user, no);
  }

  @Roles('applicant', 'clerk')
  @Post('precheck')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Completeness pre-check of materials against the current version (nothing is saved)',
  })
  @ApiZodResponse(200, PrecheckResult)
  precheck(
    @CurrentUser() user: CurrentUser,
    @ZodBody(PrecheckBody) body: PrecheckBody,
  ): Promise<PrecheckResult> {
    return this.applications.precheck(user, body);
  }

  @Authenticated()
  @Get()
  @ApiOperation({ summary: "?mine=1: my applications; ?queue=1: the window queue of the clerk's region" })
  @ApiZodResponse(200, ApplicationPage)
  list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(ApplicationListQuery) query: ApplicationListQuery,
  ): Promise<ApplicationPage> {
    return this.applications.list(user, query);
  }

  @Authenticated()
  @AuditRead()
  @Get(':no')
  @ApiOperation({
    summary:
      'One application with materials, notices and status timeline (applicant, clerk of its region, supervisor)',
  })
  @ApiZodResponse(200, ApplicationView)
  get(@CurrentUser() user: CurrentUser, @Param('no') no: string): Promise<ApplicationView> {
    return this.applications.get(user, no);
  }

  @Roles('clerk')
  @Post(':no/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '受理 (mode normal) or 容缺受理 (mode tolerance): produces the 受理通知书' })
  @ApiZodResponse(200, ApplicationView)
  async accept(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(ApplicationAcceptBody) body: ApplicationAcceptBody,
  ): Promise<ApplicationView> {
    const { parts } = await this.acceptApplication.accept(user, no, body);
    return parts ? this.applications.viewFor(user, parts) : this.applications.get(user, no);
  }

  @Roles('clerk')
  @Post(':no/handover')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '代办 handover (转交): a township or village point that only takes the item in (收件) hands the application to the competent window',
  })
  @ApiZodResponse(200, ApplicationView)
  async handover(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(ApplicationHandoverBody) body: z.output<typeof ApplicationHandoverBody>,
  ): Promise<ApplicationView> {
    await this.handOverApplication.execute(user, no, body);
    return this.applications.get(user, no);
  }

  @Roles('clerk')
  @Post(':no/refuse')
  @HttpCode(200)
  @ApiOperation({
    summary: '不予受理 with reasons (and where to apply instead): produces the 不予受理决定书',
  })
  @ApiZodResponse(200, ApplicationView)
  async refuse(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(ApplicationRefuseBody) body: ApplicationRefuseBody,
  ): Promise<ApplicationView> {
    await this.refuseApplication.execute(user, no, body);
    return this.applications.get(user, no);
  }

  @Roles('clerk')
  @Post(':no/supplement-notice')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '一次性告知书: every missing or faulty material at once; only one per application (a second → 409)',
  })
  @ApiZodResponse(200, ApplicationView)
  async supplementNotice(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(SupplementNoticeBody) body: SupplementNoticeBody,
  ): Promise<ApplicationView> {
    await this.requestSupplement.execute(user, no, body);
    return this.applications.get(user, no);
  }

  @Roles('applicant', 'clerk')
  @Post(':no/supplement')
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant answers the supplement notice (or supplies 容缺 materials)' })
  @ApiZodResponse(200, ApplicationView)
  async supplement(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(SupplementBody) body: SupplementBody,
  ): Promise<ApplicationView> {
    await this.supplementApplication.execute(user, no, body);
    return this.applications.get(user, no);
  }

  @Roles('applicant', 'clerk')
  @Post(':no/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '撤回 before the decision: 200 `withdrawn` before acceptance; once accepted, 202 `closing` — approval closes the case (→ `withdrawn`) unless its decision committed first (→ the decision stands)',
  })
  @ApiZodResponse(200, ApplicationView, 'Withdrawn (before acceptance)')
  @ApiZodResponse(202, ApplicationView, 'closing: approval closes the case')
  async withdraw(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(ApplicationWithdrawBody) body: ApplicationWithdrawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationView> {
    await this.withdrawApplication.execute(user, no, body);
    const view = await this.applications.get(user, no);
    if (view.status === 'closing') void reply.status(202);
    return view;
  }

  @Roles('applicant', 'clerk')
  @Post(':no/delivery')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Choose how the result is delivered: window pickup, post (address) or e-licence only',
  })
  @ApiZodResponse(200, ApplicationView)
  chooseDelivery(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(DeliveryChoice) body: DeliveryChoice,
  ): Promise<ApplicationView> {
    return this.applications.chooseDelivery(user, no, body);
  }

  @Roles('clerk')
  @Post(':no/deliver')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '出件 after 办结: window pickup (pickup code checked; returns `windowRating.code`, a one-time code for the window rating device 评价器) or post (tracking number)',
  })
  @ApiZodResponse(200, DeliveredApplicationView)
  async deliver(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @ZodBody(ApplicationDeliverBody) body: ApplicationDeliverBody,
  ): Promise<DeliveredApplicationView> {
    const { windowRating } = await this.handOutResult.execute(user, no, body);
    // A window pickup: the one-time code for the counter's rating device (评价器), for supervision's window rating.
    return { ...(await this.applications.get(user, no)), ...(windowRating ? { windowRating } : {}) };
  }

  @Authenticated()
  @AuditRead()
  @Get(':no/notices/:file')
  @ApiOperation({
    summary: 'A notice as PDF (`<id>.pdf`), integrity-checked (applicant, clerk of the region)',
  })
  async notice(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const app = await this.repository.load(no);
    assertRelation(user, app, ['owner', 'clerk']);
    const id = /^([0-9a-f-]{36})\.pdf$/.exec(file)?.[1];
    const notice = id ? await this.repository.notice(no, id) : null;
    if (!notice) throw AppError.notFound('notice', file);
    const pdf = await this.notices.read(notice, (file) => this.repository.recordNoticeFile(notice.id, file));
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('inline', `${notice.kind}-${no}.pdf`));
    return pdf;
  }
}

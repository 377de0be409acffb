import { Controller, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  AnswerBody,
  ConsultationBody,
  ConsultationEndBody,
  CorrectedBody,
  CorrectionBody,
  DeliveryBody,
  DisclosureRequestPage,
  DisclosureRequestView,
  ExtensionBody,
  ExtensionDecisionBody,
  FeePaymentBody,
  FileRequestBody,
  PaperWithdrawalBody,
  RegisterRequestBody,
  RemedyBody,
  RequestListQuery,
} from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RequestsService } from './requests.service.js';

const RequestId = z.uuid();
type View = Promise<DisclosureRequestView>;

/**
 * 依申请公开 (政府信息公开申请). Applicants file online and see only their own requests; the agency's staff
 * (approver role of the department) register paper requests and process them; a head (负责人) decides extensions.
 */
@ApiTags('requests 依申请公开')
@Controller('requests')
export class RequestsController {
  constructor(@Inject(RequestsService) private readonly requests: RequestsService) {}

  @Roles('applicant')
  @Post()
  @ApiOperation({ summary: 'File a request online (the applicant: the token’s person or business)' })
  @ApiZodResponse(201, DisclosureRequestView)
  file(
    @ZodBody(FileRequestBody) body: z.output<typeof FileRequestBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.file(user, body);
  }

  @Roles('approver')
  @Post('register')
  @ApiOperation({
    summary: 'Register a request received at the window, by post, fax or e-mail (art. 31 receipt day)',
  })
  @ApiZodResponse(201, DisclosureRequestView)
  register(
    @ZodBody(RegisterRequestBody) body: z.output<typeof RegisterRequestBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.register(user, body);
  }

  @Roles('applicant', 'approver')
  @Get()
  @AuditRead('requests')
  @ApiOperation({ summary: 'My requests (applicant) or my agency’s (staff), newest first' })
  @ApiZodResponse(200, DisclosureRequestPage)
  list(
    @ZodQuery(RequestListQuery) query: z.output<typeof RequestListQuery>,
    @CurrentUser() user: CurrentUser,
  ): Promise<DisclosureRequestPage> {
    return this.requests.list(user, query);
  }

  @Roles('applicant', 'approver')
  @Get(':id')
  @AuditRead()
  @ApiOperation({ summary: 'One request (another applicant’s or agency’s: 404)' })
  @ApiZodResponse(200, DisclosureRequestView)
  get(@ZodParam('id', RequestId) id: string, @CurrentUser() user: CurrentUser): View {
    return this.requests.get(user, id);
  }

  @Roles('approver')
  @Post(':id/correction')
  @HttpCode(200)
  @ApiOperation({ summary: '补正 notice, once, within 7 working days of receipt (art. 30)' })
  @ApiZodResponse(200, DisclosureRequestView)
  correction(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(CorrectionBody) body: z.output<typeof CorrectionBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.requestCorrection(user, id, body);
  }

  @Roles('applicant', 'approver')
  @Post(':id/corrected')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The corrected request (applicant online, or staff for a paper one); the clock restarts',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  corrected(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(CorrectedBody) body: z.output<typeof CorrectedBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.corrected(user, id, body);
  }

  @Roles('applicant')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The applicant withdraws their own request before the answer (撤回); the answer clock stops (another applicant’s: 404)',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  withdraw(@ZodParam('id', RequestId) id: string, @CurrentUser() user: CurrentUser): View {
    return this.requests.withdrawByApplicant(user, id);
  }

  @Roles('approver')
  @Post(':id/withdrawal')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Register a withdrawal the applicant sent on paper (书面撤回: the day received, a note); the same end state as the online withdrawal',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  withdrawOnPaper(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(PaperWithdrawalBody) body: z.output<typeof PaperWithdrawalBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.withdrawOnPaper(user, id, body);
  }

  @Roles('approver')
  @Post(':id/withdrawal/scan')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Attach the scanned withdrawal letter (multipart field "file"; PDF/JPEG/PNG by magic bytes, ≤ 10 MiB); replaces an earlier scan',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  // The body is a multipart stream (read from the request, not parsed by a schema), as the items' attachments.
  withdrawalScanUpload(
    @ZodParam('id', RequestId) id: string,
    @Req() req: FastifyRequest,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.attachWithdrawalScan(user, id, req);
  }

  @Roles('applicant', 'approver')
  @Get(':id/withdrawal/scan')
  @AuditRead()
  @ApiOperation({ summary: 'The scanned withdrawal letter (integrity-checked)' })
  async withdrawalScan(
    @ZodParam('id', RequestId) id: string,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.requests.withdrawalScan(user, id);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }

  @Roles('applicant')
  @Post(':id/fee/pay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The applicant pays the 信息处理费 of the 收费通知 online (网上缴费) within its period; the answer is given at once',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  payFee(@ZodParam('id', RequestId) id: string, @CurrentUser() user: CurrentUser): View {
    return this.requests.payFee(user, id);
  }

  @Roles('approver')
  @Post(':id/fee/payment')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The officer records the payment of the 信息处理费 (day paid, receipt number); the answer is given at once',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  recordFeePayment(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(FeePaymentBody) body: z.output<typeof FeePaymentBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.recordFeePayment(user, id, body);
  }

  @Roles('approver')
  @Post(':id/delivery')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the delivery of a paper answer: posted (寄送, carrier and tracking number) or collected (领取, by whom)',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  delivery(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(DeliveryBody) body: z.output<typeof DeliveryBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.recordDelivery(user, id, body);
  }

  @Roles('approver')
  @Post(':id/consultations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Consult a third party (art. 32; 15 working days; the clock is paused, art. 33 ¶3)',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  consult(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(ConsultationBody) body: z.output<typeof ConsultationBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.startConsultation(user, id, body);
  }

  @Roles('approver')
  @Post(':id/consultations/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the consultation with the third party’s outcome; the clock runs again' })
  @ApiZodResponse(200, DisclosureRequestView)
  endConsultation(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(ConsultationEndBody) body: z.output<typeof ConsultationEndBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.endConsultation(user, id, body);
  }

  @Roles('approver')
  @Post(':id/extension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose the one extension (≤ 20 working days, art. 33 ¶2)' })
  @ApiZodResponse(200, DisclosureRequestView)
  extension(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(ExtensionBody) body: z.output<typeof ExtensionBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.proposeExtension(user, id, body);
  }

  @Roles('approver')
  @Post(':id/extension/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'The 负责人 (a head, not the proposer) approves or rejects the extension' })
  @ApiZodResponse(200, DisclosureRequestView)
  decideExtension(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(ExtensionDecisionBody) body: z.output<typeof ExtensionDecisionBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.decideExtension(user, id, body);
  }

  @Roles('approver')
  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer (art. 36 / 37 / 39 type with its required fields); writes the 答复书, or, when a 信息处理费 arises, the 收费通知 (answer after payment)',
  })
  @ApiZodResponse(200, DisclosureRequestView)
  answer(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(AnswerBody) body: z.output<typeof AnswerBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.answer(user, id, body);
  }

  @Roles('approver')
  @Post(':id/remedies')
  @ApiOperation({ summary: 'Record a 行政复议 or 行政诉讼 against the request and its outcome' })
  @ApiZodResponse(201, DisclosureRequestView)
  addRemedy(
    @ZodParam('id', RequestId) id: string,
    @ZodBody(RemedyBody) body: z.output<typeof RemedyBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.addRemedy(user, id, body);
  }

  @Roles('approver')
  @Put(':id/remedies/:remedyId')
  @ApiOperation({ summary: 'Update a recorded remedy (e.g. its outcome once decided)' })
  @ApiZodResponse(200, DisclosureRequestView)
  updateRemedy(
    @ZodParam('id', RequestId) id: string,
    @ZodParam('remedyId', z.uuid()) remedyId: string,
    @ZodBody(RemedyBody) body: z.output<typeof RemedyBody>,
    @CurrentUser() user: CurrentUser,
  ): View {
    return this.requests.updateRemedy(user, id, remedyId, body);
  }

  @Roles('applicant', 'approver')
  @Get(':id/notices/:noticeId/pdf')
  @AuditRead()
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'A notice as PDF (补正告知书, 延期答复告知书, 收费通知, 答复书), rendered on first download',
  })
  async noticePdf(
    @ZodParam('id', RequestId) id: string,
    @ZodParam('noticeId', z.uuid()) noticeId: string,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.requests.noticePdf(user, id, noticeId);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }
}

import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Public, Roles } from '@hall/auth';
import {
  AnswerEnquiryBody,
  DecideEnquiryExtensionBody,
  RequestEnquiryExtensionBody,
  EnquiryDeflectionBody,
  EnquiryDeflectionReceipt,
  EnquirySuggestionList,
  EnquirySuggestionQuery,
  EnquiryListQuery,
  EnquiryLookupQuery,
  EnquiryNo,
  EnquiryPage,
  EnquiryReceipt,
  EnquiryStats,
  EnquiryStatsQuery,
  EnquiryView,
  EnquiryWorkQuery,
  FollowUpEnquiryBody,
  MATERIAL_MAX_BYTES,
  MATERIAL_TYPES,
  PublishedEnquiryPage,
  PublishedEnquiryQuery,
  RateEnquiryBody,
  ReviewEnquiryBody,
  RouteEnquiryBody,
  SubmitEnquiryBody,
  TransferEnquiryBody,
} from '@hall/contracts';
import {
  ApiZodResponse,
  AppError,
  AuditRead,
  parseInput,
  RateLimited,
  SERVICE_RUNTIME,
  ZodBody,
  ZodParam,
  ZodQuery,
  type ServiceRuntime,
} from '@hall/platform';
import { contentDisposition, type StoredObject } from '@hall/storage';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkMaterialFileName } from '../files/files.controller.js';
import { AnonymousAttachmentGate, anonymousOwnerOf } from './anonymous-attachments.js';
import { EnquiriesService } from './enquiries.service.js';
import { enquiryStatsCsv, enquiryStatsXlsx } from './enquiry-stats.js';

/** 在线咨询与投诉 of a signed-in citizen and of the staff who route and answer them. */
@ApiTags('enquiries 咨询投诉')
@Controller('enquiries')
export class EnquiriesController {
  constructor(
    @Inject(EnquiriesService) private readonly enquiries: EnquiriesService,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  @Authenticated()
  @Post()
  @ApiOperation({ summary: 'Send a 咨询/投诉/建议/求助 under my real name' })
  @ApiZodResponse(201, EnquiryReceipt)
  submit(@CurrentUser() user: CurrentUser, @ZodBody(SubmitEnquiryBody) body: SubmitEnquiryBody) {
    return this.enquiries.submit(user, body);
  }

  @Authenticated()
  @Get('mine')
  @ApiOperation({ summary: 'My enquiries, newest first' })
  @ApiZodResponse(200, EnquiryPage)
  mine(@CurrentUser() user: CurrentUser, @ZodQuery(EnquiryListQuery) q: EnquiryListQuery) {
    return this.enquiries.mine(user, q.page, q.pageSize);
  }

  @Roles('clerk', 'approver')
  @Get('work')
  @ApiOperation({
    summary:
      'Staff queue: dispatch (waiting to be routed, my region) or department (routed to my department)',
  })
  @ApiZodResponse(200, EnquiryPage)
  work(@CurrentUser() user: CurrentUser, @ZodQuery(EnquiryWorkQuery) q: EnquiryWorkQuery) {
    return this.enquiries.work(user, q);
  }

  @Roles('supervisor', 'clerk')
  @Get('stats')
  @ApiOperation({
    summary:
      '诉求统计 per department and type: received, answered, on time, overdue, ratings, satisfaction, top items; deflected questions',
  })
  @ApiZodResponse(200, EnquiryStats)
  stats(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(EnquiryStatsQuery) q: EnquiryStatsQuery,
  ): Promise<EnquiryStats> {
    return this.enquiries.stats(user, q);
  }

  @Roles('supervisor', 'clerk')
  @Get('stats/export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="enquiry-stats.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same statistics as CSV (UTF-8 with BOM)' })
  async statsCsv(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(EnquiryStatsQuery) q: EnquiryStatsQuery,
  ): Promise<string> {
    return enquiryStatsCsv(await this.enquiries.stats(user, q));
  }

  @Roles('supervisor', 'clerk')
  @Get('stats/export.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', 'attachment; filename="enquiry-stats.xlsx"')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The same statistics as an Excel workbook' })
  async statsXlsx(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(EnquiryStatsQuery) q: EnquiryStatsQuery,
  ): Promise<StreamableFile> {
    const stats = await this.enquiries.stats(user, q);
    return new StreamableFile(
      await enquiryStatsXlsx(stats, `诉求统计（${q.from ?? '…'} 至 ${q.to ?? '…'}）`),
    );
  }

  @Authenticated()
  @Get(':no')
  @ApiOperation({
    summary: 'One enquiry with its history (asker, its dispatcher, its department, supervision)',
  })
  @ApiZodResponse(200, EnquiryView)
  view(@CurrentUser() user: CurrentUser, @ZodParam('no', EnquiryNo) no: string) {
    return this.enquiries.view(no, { kind: 'user', user });
  }

  @Authenticated()
  @Get(':no/attachments/:fileId')
  @AuditRead('enquiries')
  @ApiOperation({
    summary:
      'Download one attachment of an enquiry: its asker, the department it is routed to, the dispatcher of its region (else 404); integrity-checked, served as an attachment, each download audited',
  })
  async attachment(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @Param('fileId') fileId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.enquiries.attachment(user, no, fileId);
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    const bytes = await storage.readBuffer(file.bucket, file.key, file.sha256);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return bytes;
  }

  @Roles('clerk')
  @Post(':no/route')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dispatcher (service centre window): route to the responsible department' })
  @ApiZodResponse(200, EnquiryView)
  route(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(RouteEnquiryBody) body: RouteEnquiryBody,
  ) {
    return this.enquiries.route(user, no, body);
  }

  @Roles('clerk')
  @Post(':no/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Service centre (dispatcher of the region): 复核 an unsatisfied complaint — uphold the answer or send it back for a re-answer',
  })
  @ApiZodResponse(200, EnquiryView)
  review(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(ReviewEnquiryBody) body: ReviewEnquiryBody,
  ) {
    return this.enquiries.review(user, no, body);
  }

  @Roles('approver')
  @Post(':no/extension')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Department: ask once for more working days (at most ENQUIRY_MAX_EXTENSION_DAYS) with a reason; the service centre decides',
  })
  @ApiZodResponse(200, EnquiryView)
  requestExtension(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(RequestEnquiryExtensionBody) body: RequestEnquiryExtensionBody,
  ) {
    return this.enquiries.requestExtension(user, no, body);
  }

  @Roles('clerk')
  @Post(':no/extension/decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Service centre (dispatcher of the region): approve (the due date moves in working days) or reject (with a note) the extension request',
  })
  @ApiZodResponse(200, EnquiryView)
  decideExtension(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(DecideEnquiryExtensionBody) body: DecideEnquiryExtensionBody,
  ) {
    return this.enquiries.decideExtension(user, no, body);
  }

  @Roles('approver')
  @Post(':no/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Department: not ours — hand it back to the dispatcher with a reason (at most twice)',
  })
  @ApiZodResponse(200, EnquiryView)
  transfer(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(TransferEnquiryBody) body: TransferEnquiryBody,
  ) {
    return this.enquiries.transfer(user, no, body);
  }

  @Roles('approver')
  @Post(':no/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Department: answer (or answer the follow-up question)' })
  @ApiZodResponse(200, EnquiryView)
  answer(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(AnswerEnquiryBody) body: AnswerEnquiryBody,
  ) {
    return this.enquiries.answer(user, no, body);
  }

  @Authenticated()
  @Post(':no/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asker: one follow-up question after the answer' })
  @ApiZodResponse(200, EnquiryView)
  followUp(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(FollowUpEnquiryBody) body: FollowUpEnquiryBody,
  ) {
    return this.enquiries.followUp(no, { kind: 'user', user }, body);
  }

  @Authenticated()
  @Post(':no/rating')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asker: rate the answer (满意 / 基本满意 / 不满意); closes the enquiry' })
  @ApiZodResponse(200, EnquiryView)
  rate(
    @CurrentUser() user: CurrentUser,
    @ZodParam('no', EnquiryNo) no: string,
    @ZodBody(RateEnquiryBody) body: RateEnquiryBody,
  ) {
    return this.enquiries.rate(no, { kind: 'user', user }, body);
  }
}

/** The anonymous side: a 咨询 without login (its 查询码 is the way back) and the published answers. */
@ApiTags('enquiries 咨询投诉')
@Controller('public/enquiries')
export class PublicEnquiriesController {
  constructor(
    @Inject(EnquiriesService) private readonly enquiries: EnquiriesService,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(AnonymousAttachmentGate) private readonly gate: AnonymousAttachmentGate,
  ) {}

  @Public()
  @RateLimited('public-lookup')
  @Post()
  @ApiOperation({ summary: 'An anonymous 咨询 (consultation only); answers its number and 查询码 once' })
  @ApiZodResponse(201, EnquiryReceipt)
  submit(@ZodBody(SubmitEnquiryBody) body: SubmitEnquiryBody) {
    return this.enquiries.submit(null, body);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post('with-files')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'An anonymous 咨询 with attachments, in one multipart request: first the field "enquiry" (the JSON body of ' +
      'POST /public/enquiries), then up to ENQUIRY_ANON_MAX_FILES (default 3) parts "files" — PDF/JPEG/PNG by ' +
      'their bytes, ≤ 10 MiB each, plain names. Per client IP: a rate (429 UPLOAD_RATE_LIMITED) and a 24-hour ' +
      'quota (409 UPLOAD_QUOTA_EXCEEDED). A refused enquiry or file stores nothing. Answers its number and 查询码 once',
  })
  @ApiZodResponse(201, EnquiryReceipt)
  // The body is a multipart stream (read from the request, not parsed by a schema): see below.
  async submitWithFiles(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnquiryReceipt> {
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    if (!req.isMultipart())
      throw AppError.validation('enquiry', 'expected multipart/form-data: the field "enquiry", then "files"');
    const owner = anonymousOwnerOf(req.ip);
    const stored: StoredObject[] = [];
    // One file more than allowed is let through the parser so that it is refused here, by name (too many).
    // preservePath: see the client's name as sent, so path tricks are refused rather than silently cut off.
    const parts = req.parts({
      preservePath: true,
      limits: {
        fields: 5,
        fieldSize: 64 * 1024,
        files: this.gate.limits.maxFiles + 1,
        fileSize: 2 * MATERIAL_MAX_BYTES, // the storage's own meter refuses past MATERIAL_MAX_BYTES first
      },
    });
    try {
      let body: SubmitEnquiryBody | undefined;
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.fieldname !== 'enquiry' || body !== undefined)
            throw AppError.validation(part.fieldname, 'only one field "enquiry" (JSON) besides the files');
          let json: unknown;
          try {
            json = JSON.parse(String(part.value));
          } catch {
            throw AppError.validation('enquiry', 'the field "enquiry" must be JSON');
          }
          body = parseInput(SubmitEnquiryBody, json);
          // The enquiry is checked before any file is read: a refused one stores nothing.
          await this.enquiries.checkAsk(null, body);
          continue;
        }
        try {
          if (body === undefined)
            throw AppError.validation('enquiry', 'the field "enquiry" must come before the files');
          if (part.fieldname !== 'files')
            throw AppError.validation(part.fieldname, 'files come in parts named "files"');
          if (stored.length >= this.gate.limits.maxFiles) throw this.gate.tooMany();
          if (stored.length === 0) this.gate.takeRate(owner);
          checkMaterialFileName(part.filename);
        } catch (err) {
          part.file.resume(); // drain the refused part; nothing more is stored
          const wait =
            err instanceof AppError && err.code === 'UPLOAD_RATE_LIMITED'
              ? err.details?.['retryAfterSeconds']
              : undefined;
          if (typeof wait === 'number') void reply.header('retry-after', String(wait));
          throw err;
        }
        stored.push(
          await storage.upload({
            bucket: storage.buckets.materials,
            stream: part.file,
            declaredName: part.filename,
            declaredContentType: part.mimetype,
            maxBytes: MATERIAL_MAX_BYTES,
            allowedTypes: MATERIAL_TYPES,
            ownerPrefix: 'intake/enquiries/anonymous',
          }),
        );
      }
      if (body === undefined) throw AppError.validation('enquiry', 'the field "enquiry" is missing');
      return await this.enquiries.submit(null, body, {
        owner,
        files: stored.map((f) => ({
          bucket: f.bucket,
          key: f.key,
          name: f.originalName,
          sha256: f.sha256,
          contentType: f.contentType,
          size: f.size,
        })),
        checkQuota: (used, adding) => this.gate.checkQuota(used, adding),
      });
    } catch (err) {
      // Refused: what this request stored goes.
      await Promise.all(stored.map((f) => storage.remove(f.bucket, f.key).catch(() => undefined)));
      throw err;
    }
  }

  @Public()
  @RateLimited('public-lookup')
  @Get(':no/attachments/:fileId')
  @AuditRead('enquiries')
  @ApiOperation({
    summary:
      'Download one attachment of an anonymous enquiry with its 查询码 (`?code=`; a wrong code: 404); integrity-checked, served as an attachment',
  })
  async anonymousAttachment(
    @ZodParam('no', EnquiryNo) no: string,
    @Param('fileId') fileId: string,
    @ZodQuery(EnquiryLookupQuery) q: EnquiryLookupQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.enquiries.anonymousAttachment(no, q.code, fileId);
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    const bytes = await storage.readBuffer(file.bucket, file.key, file.sha256);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return bytes;
  }

  @Public()
  @RateLimited('public-lookup')
  @Get('suggestions')
  @ApiOperation({
    summary:
      '问前推荐: answers for a draft question from the item guides (FAQs, materials, fees, time limits) and published answers',
  })
  @ApiZodResponse(200, EnquirySuggestionList)
  suggestions(@ZodQuery(EnquirySuggestionQuery) q: EnquirySuggestionQuery): Promise<EnquirySuggestionList> {
    return this.enquiries.suggestions(q);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post('deflections')
  @ApiOperation({
    summary:
      'A suggestion answered the question and it was not sent: counted for statistics (no personal data)',
  })
  @ApiZodResponse(201, EnquiryDeflectionReceipt)
  deflect(@ZodBody(EnquiryDeflectionBody) body: EnquiryDeflectionBody): Promise<EnquiryDeflectionReceipt> {
    return this.enquiries.deflect(body);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published questions and answers (the askers agreed; no personal data)' })
  @ApiZodResponse(200, PublishedEnquiryPage)
  published(@ZodQuery(PublishedEnquiryQuery) q: PublishedEnquiryQuery) {
    return this.enquiries.published(q);
  }

  @Public()
  @RateLimited('public-lookup')
  @Get(':no')
  @ApiOperation({ summary: 'An anonymous enquiry by its number and 查询码 (404 for a wrong code)' })
  @ApiZodResponse(200, EnquiryView)
  view(@ZodParam('no', EnquiryNo) no: string, @ZodQuery(EnquiryLookupQuery) q: EnquiryLookupQuery) {
    return this.enquiries.view(no, { kind: 'code', code: q.code });
  }

  @Public()
  @RateLimited('public-lookup')
  @Post(':no/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'The anonymous asker (查询码 in the body): one follow-up question' })
  @ApiZodResponse(200, EnquiryView)
  followUp(@ZodParam('no', EnquiryNo) no: string, @ZodBody(FollowUpEnquiryBody) body: FollowUpEnquiryBody) {
    return this.enquiries.followUp(no, { kind: 'code', code: body.code }, body);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post(':no/rating')
  @HttpCode(200)
  @ApiOperation({ summary: 'The anonymous asker (查询码 in the body): rate the answer' })
  @ApiZodResponse(200, EnquiryView)
  rate(@ZodParam('no', EnquiryNo) no: string, @ZodBody(RateEnquiryBody) body: RateEnquiryBody) {
    return this.enquiries.rate(no, { kind: 'code', code: body.code }, body);
  }
}

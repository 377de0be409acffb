import { Controller, Get, HttpCode, Inject, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { AnnualReport, AnnualReportList, ReportDraftBody, ReportYear } from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ReportsService } from './reports.service.js';

/**
 * 政府信息公开工作年度报告 of the caller's agency (approver role of a publishing department: the disclosure officer
 * and the head). Figures are computed; the officer edits the narrative and the manual cells, then publishes.
 */
@ApiTags('reports 政府信息公开年报')
@Roles('approver')
@Controller('reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    summary: "My agency's annual reports that have been edited or published, newest year first",
  })
  @ApiZodResponse(200, AnnualReportList)
  list(@CurrentUser() user: CurrentUser): Promise<AnnualReportList> {
    return this.reports.list(user);
  }

  @Get(':year')
  @ApiOperation({ summary: 'The report of a year: figures computed now (draft) or as published' })
  @ApiZodResponse(200, AnnualReport)
  get(@ZodParam('year', ReportYear) year: number, @CurrentUser() user: CurrentUser): Promise<AnnualReport> {
    return this.reports.get(user, year);
  }

  @Put(':year')
  @ApiOperation({ summary: 'Save the draft: narrative sections 一、五、六 and the manual cells of table 二' })
  @ApiZodResponse(200, AnnualReport)
  save(
    @ZodParam('year', ReportYear) year: number,
    @ZodBody(ReportDraftBody) body: z.output<typeof ReportDraftBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<AnnualReport> {
    return this.reports.saveDraft(user, year, body);
  }

  @Post(':year/publish')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish an ended year’s report: figures frozen, a 主动公开 item (结果公开) drafted and sent to 保密审查',
  })
  @ApiZodResponse(200, AnnualReport)
  publish(
    @ZodParam('year', ReportYear) year: number,
    @CurrentUser() user: CurrentUser,
  ): Promise<AnnualReport> {
    return this.reports.publish(user, year);
  }

  @Get(':year/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The report as PDF (A4, CJK font embedded)' })
  async pdf(
    @ZodParam('year', ReportYear) year: number,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.reports.pdf(user, year);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }

  @Get(':year/xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The report as an Excel workbook (manual cells marked)' })
  async xlsx(
    @ZodParam('year', ReportYear) year: number,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.reports.xlsx(user, year);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }

  @Get(':year/docx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOperation({ summary: 'The report as a Word document (narrative sections and tables 二, 三, 四)' })
  async docx(
    @ZodParam('year', ReportYear) year: number,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.reports.docx(user, year);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }
}

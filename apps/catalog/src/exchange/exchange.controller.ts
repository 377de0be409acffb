import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, AppError, parseInput, parseQuery } from '@hall/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CatalogExchange } from './catalog-exchange.schema.js';
import { exchangeToWorkbook, workbookToExchange } from './catalog-excel.js';
import { CatalogImportService } from './catalog-import.service.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ExportQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });
const ImportQuery = z.object({ async: z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true').default(false) });

@ApiTags('import / export 导入导出')
@Controller()
export class ExchangeController {
  constructor(@Inject(CatalogImportService) private readonly service: CatalogImportService) {}

  @Roles('catalog-admin')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bulk import (JSON exchange document, or the Excel workbook with Content-Type xlsx); idempotent; per-row report',
  })
  @ApiZodBody(CatalogExchange)
  @ApiZodQuery(ImportQuery)
  async import(
    @Body() body: unknown,
    @Query() query: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { async } = parseQuery(ImportQuery, query);
    let doc: unknown = body;
    let sheetErrors: unknown[] = [];
    if (contentType?.startsWith(XLSX_TYPE)) {
      if (!Buffer.isBuffer(body) || body.length === 0) throw AppError.validation('(body)', 'expected an .xlsx workbook');
      const parsed = await workbookToExchange(body);
      doc = parsed.doc;
      sheetErrors = parsed.rowErrors;
    }
    const input = parseInput(CatalogExchange, doc);
    if (async) {
      const { jobId } = await this.service.startJob(input, user.username);
      void reply.status(202).header('location', `/api/catalog/import/jobs/${jobId}`);
      return { jobId, statusUrl: `/api/catalog/import/jobs/${jobId}`, sheetErrors };
    }
    return { ...(await this.service.importParsed(input, user.username)), sheetErrors };
  }

  @Roles('catalog-admin')
  @Get('import/jobs/:id')
  @ApiOperation({ summary: 'Progress of a background import (rows done of total) and its report when done' })
  job(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.service.job(id);
  }

  @Roles('catalog-admin', 'admin')
  @Get('export')
  @ApiOperation({ summary: 'Export the whole catalog (?format=json|xlsx)' })
  @ApiZodQuery(ExportQuery)
  async export(@Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { format } = parseQuery(ExportQuery, query);
    const doc = await this.service.export();
    if (format === 'json') return doc;
    const buffer = await exchangeToWorkbook(doc);
    void reply.header('content-type', XLSX_TYPE).header('content-disposition', "attachment; filename=\"catalog.xlsx\"; filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E7%9B%AE%E5%BD%95.xlsx");
    return buffer;
  }
}

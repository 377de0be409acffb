import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  CatalogExchange,
  ExportQuery,
  ImportJob,
  ImportQuery,
  ImportResult,
  ImportStarted,
  type ExchangeRowError,
} from '@hall/contracts';
import { ApiZodBody, ApiZodResponse, AppError, parseInput, ZodParam, ZodQuery } from '@hall/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { exchangeToWorkbook, workbookToExchange } from './catalog-excel.js';
import { CatalogExportService } from './catalog-export.service.js';
import { ImportCatalog } from './usecases/import-catalog.js';
import { StartImport } from './usecases/start-import.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('import / export 导入导出')
@Controller()
export class ExchangeController {
  constructor(
    @Inject(ImportCatalog) private readonly importCatalog: ImportCatalog,
    @Inject(StartImport) private readonly startImport: StartImport,
    @Inject(CatalogExportService) private readonly service: CatalogExportService,
  ) {}

  @Roles('catalog-admin')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Bulk import (JSON exchange document, or the Excel workbook with Content-Type xlsx); idempotent; per-row report',
  })
  @ApiZodBody(CatalogExchange)
  @ApiZodResponse(200, ImportResult)
  @ApiZodResponse(202, ImportStarted, 'With ?async=1: the background job (Location: its status URL)')
  async import(
    // raw body: the .xlsx workbook or the JSON document, parsed below by content type
    @Body() body: unknown,
    @ZodQuery(ImportQuery) query: ImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportResult | ImportStarted> {
    let doc: unknown = body;
    let sheetErrors: ExchangeRowError[] = [];
    if (contentType?.startsWith(XLSX_TYPE)) {
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw AppError.validation('(body)', 'expected an .xlsx workbook');
      const parsed = await workbookToExchange(body);
      doc = parsed.doc;
      sheetErrors = parsed.rowErrors;
    }
    const input = parseInput(CatalogExchange, doc);
    if (query.async) {
      const { jobId } = await this.startImport.execute(input, user.username);
      void reply.status(202).header('location', `/api/catalog/import/jobs/${jobId}`);
      return { jobId, statusUrl: `/api/catalog/import/jobs/${jobId}`, sheetErrors };
    }
    return { ...(await this.importCatalog.execute(input, user.username)), sheetErrors };
  }

  @Roles('catalog-admin')
  @Get('import/jobs/:id')
  @ApiOperation({ summary: 'Progress of a background import (rows done of total) and its report when done' })
  @ApiZodResponse(200, ImportJob)
  job(@ZodParam('id', z.uuid()) id: string): Promise<ImportJob> {
    return this.service.job(id);
  }

  @Roles('catalog-admin', 'admin')
  @Get('export')
  @ApiOperation({ summary: 'Export the whole catalog (?format=json|xlsx)' })
  @ApiProduces('application/json', XLSX_TYPE)
  @ApiZodResponse(200, CatalogExchange, 'format=json: the exchange document; format=xlsx: the workbook')
  async export(
    @ZodQuery(ExportQuery) query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogExchange | Buffer> {
    const doc = await this.service.export();
    if (query.format === 'json') return doc;
    const buffer = await exchangeToWorkbook(doc);
    void reply
      .header('content-type', XLSX_TYPE)
      .header(
        'content-disposition',
        'attachment; filename="catalog.xlsx"; filename*=UTF-8\'\'%E4%BA%8B%E9%A1%B9%E7%9B%AE%E5%BD%95.xlsx',
      );
    return buffer;
  }
}

import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { Guide, VersionQuery } from '@hall/contracts';
import { ApiZodResponse, AppError, RateLimited, ZodQuery } from '@hall/platform';
import type { FastifyReply } from 'fastify';
import { ImplementationsService } from '../implementations/implementations.service.js';
import { renderGuideHtml } from './guide.html.js';
import { buildGuide } from './guide.model.js';
import { GuidePdfService } from './guide-pdf.service.js';

/** 办事指南, generated from a published version: JSON for the web, printable HTML, PDF download. */
@ApiTags('guides 办事指南')
@Controller('implementations/:code')
export class GuidesController {
  constructor(
    @Inject(ImplementationsService) private readonly implementations: ImplementationsService,
    @Inject(GuidePdfService) private readonly pdfs: GuidePdfService,
  ) {}

  private async guide(code: string, query: VersionQuery): Promise<Guide> {
    const snapshot = await this.implementations.getPublished(code, query.version);
    return buildGuide(snapshot);
  }

  @Public()
  @Get('guide')
  @ApiOperation({ summary: 'The service guide as structured JSON (web)' })
  @ApiZodResponse(200, Guide)
  json(@Param('code') code: string, @ZodQuery(VersionQuery) query: VersionQuery): Promise<Guide> {
    return this.guide(code, query);
  }

  @Public()
  @Get('guide.html')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Printable HTML guide' })
  async html(
    @Param('code') code: string,
    @ZodQuery(VersionQuery) query: VersionQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const html = renderGuideHtml(await this.guide(code, query));
    void reply.header('content-type', 'text/html; charset=utf-8');
    return html;
  }

  /**
   * Anonymous and costly to render: limited per client IP (`public-render`), rendered once per published version
   * (disk cache) in a worker pool whose queue is bounded (full → 503 GUIDE_RENDER_BUSY with Retry-After).
   */
  @Public()
  @RateLimited('public-render')
  @Get('guide.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      'PDF guide (fixed layout, Chinese font embedded); rate-limited per client, 503 + Retry-After when the renderer is saturated',
  })
  async pdf(
    @Param('code') code: string,
    @ZodQuery(VersionQuery) query: VersionQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const guide = await this.guide(code, query);
    let pdf: Buffer;
    try {
      pdf = await this.pdfs.pdf(guide);
    } catch (err) {
      const retry = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
      if (typeof retry === 'number') void reply.header('retry-after', String(retry));
      throw err;
    }
    const name = encodeURIComponent(`${guide.title}.pdf`);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="guide.pdf"; filename*=UTF-8''${name}`);
    return pdf;
  }
}

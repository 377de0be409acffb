import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { AttachmentsService } from '../items/attachments.service.js';
import { Public } from '@hall/auth';
import {
  AgencyCatalogue,
  AgencyGuide,
  AgencyList,
  PublicItemDetail,
  PublicItemPage,
  PublicItemQuery,
} from '@hall/contracts';
import { ApiZodResponse, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import { PublicService } from './public.service.js';

@ApiTags('public 政务公开')
@Controller('public')
export class PublicController {
  constructor(
    @Inject(PublicService) private readonly pub: PublicService,
    @Inject(AttachmentsService) private readonly files: AttachmentsService,
  ) {}

  @Public()
  @Get('items')
  @ApiOperation({
    summary:
      'Published 主动公开 items, newest first: by agency, 五公开 category, key area; q = Chinese words of the title or body',
  })
  @ApiZodResponse(200, PublicItemPage)
  list(@ZodQuery(PublicItemQuery) query: z.output<typeof PublicItemQuery>): Promise<PublicItemPage> {
    return this.pub.list(query);
  }

  @Public()
  @Get('items/:id')
  @ApiOperation({ summary: 'One published item with its interpretations (政策解读) and attachments' })
  @ApiZodResponse(200, PublicItemDetail)
  get(@ZodParam('id', z.uuid()) id: string): Promise<PublicItemDetail> {
    return this.pub.get(id);
  }

  @Public()
  @Get('items/:id/attachments/:attachmentId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOperation({ summary: 'An attachment of a published item (integrity-checked)' })
  async attachment(
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('attachmentId', z.uuid()) attachmentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.files.publicFile(id, attachmentId);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name));
    return file.body;
  }

  @Public()
  @Get('agencies')
  @ApiOperation({ summary: 'The agencies that publish (发布机构), with the agency part of their 索引号' })
  @ApiZodResponse(200, AgencyList)
  agencies(): AgencyList {
    return this.pub.agencies();
  }

  @Public()
  @Get('agencies/:department/guide')
  @ApiOperation({
    summary:
      '政府信息公开指南 of one agency: 分类与编排体系, 获取方式, how to file a 依申请公开 request, time limits, fees, remedies, office',
  })
  @ApiZodResponse(200, AgencyGuide)
  guide(@ZodParam('department', z.string().regex(/^[a-z-]{2,40}$/)) department: string): AgencyGuide {
    return this.pub.guide(department);
  }

  @Public()
  @Get('agencies/:department')
  @ApiOperation({
    summary: '政府信息公开目录 of one agency: published items per 五公开 category and key area',
  })
  @ApiZodResponse(200, AgencyCatalogue)
  catalogue(
    @ZodParam('department', z.string().regex(/^[a-z-]{2,40}$/)) department: string,
  ): Promise<AgencyCatalogue> {
    return this.pub.catalogue(department);
  }
}

import { Controller, Get, HttpCode, Inject, Post, Put, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  ItemAttachment,
  ItemCorrectBody,
  ItemDraftBody,
  ItemHistory,
  ItemReviewBody,
  ItemWithdrawBody,
  StaffItem,
  StaffItemPage,
  StaffItemQuery,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AttachmentsService } from './attachments.service.js';
import { ItemsService } from './items.service.js';

const ItemId = z.uuid();

/** Staff of a publishing department (approver role): drafts, 保密审查 by the head, correction and withdrawal. */
@ApiTags('items 主动公开（工作人员）')
@Roles('approver')
@Controller('items')
export class ItemsController {
  constructor(
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "My department's items, newest first; status filter; overdue=1: unpublished past the 20-working-day limit",
  })
  @ApiZodResponse(200, StaffItemPage)
  list(
    @ZodQuery(StaffItemQuery) query: z.output<typeof StaffItemQuery>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItemPage> {
    return this.items.list(user, query);
  }

  @Post()
  @ApiOperation({ summary: 'Draft a new item; the 索引号 is assigned now (agency/year-category-serial)' })
  @ApiZodResponse(201, StaffItem)
  create(
    @ZodBody(ItemDraftBody) body: z.output<typeof ItemDraftBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItem> {
    return this.items.create(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One item of my department (another department’s: 404)' })
  @ApiZodResponse(200, StaffItem)
  get(@ZodParam('id', ItemId) id: string, @CurrentUser() user: CurrentUser): Promise<StaffItem> {
    return this.items.get(user, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Edit a draft (also one sent back by the reviewer)' })
  @ApiZodResponse(200, StaffItem)
  update(
    @ZodParam('id', ItemId) id: string,
    @ZodBody(ItemDraftBody) body: z.output<typeof ItemDraftBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItem> {
    return this.items.update(user, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a draft to 保密审查 (secrecy review)' })
  @ApiZodResponse(200, StaffItem)
  submit(@ZodParam('id', ItemId) id: string, @CurrentUser() user: CurrentUser): Promise<StaffItem> {
    return this.items.submit(user, id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '保密审查 by the head of the department, never the author: approve (published at once) or reject with a note. ' +
      'A policy needs a linked 政策解读 in review or published (409 DISCLOSURE_INTERPRETATION_MISSING)',
  })
  @ApiZodResponse(200, StaffItem)
  review(
    @ZodParam('id', ItemId) id: string,
    @ZodBody(ItemReviewBody) body: z.output<typeof ItemReviewBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItem> {
    return this.items.review(user, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a published item (撤回); its history stays' })
  @ApiZodResponse(200, StaffItem)
  withdraw(
    @ZodParam('id', ItemId) id: string,
    @ZodBody(ItemWithdrawBody) body: z.output<typeof ItemWithdrawBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItem> {
    return this.items.withdraw(user, id, body.reason);
  }

  @Post(':id/correct')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Correct a published item (更正, head of the department): the next version; history kept',
  })
  @ApiZodResponse(200, StaffItem)
  correct(
    @ZodParam('id', ItemId) id: string,
    @ZodBody(ItemCorrectBody) body: z.output<typeof ItemCorrectBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<StaffItem> {
    return this.items.correct(user, id, body);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every publication, correction and withdrawal of the item with its text' })
  @ApiZodResponse(200, ItemHistory)
  history(@ZodParam('id', ItemId) id: string, @CurrentUser() user: CurrentUser): Promise<ItemHistory> {
    return this.items.history(user, id);
  }

  @Post(':id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Attach one file to a draft (multipart field "file"; PDF/JPEG/PNG by magic bytes, ≤ 10 MiB)',
  })
  @ApiZodResponse(201, ItemAttachment)
  // The body is a multipart stream (read from the request, not parsed by a schema): see AttachmentsService.
  attach(
    @ZodParam('id', ItemId) id: string,
    @Req() req: FastifyRequest,
    @CurrentUser() user: CurrentUser,
  ): Promise<ItemAttachment> {
    return this.attachments.attach(user, id, req);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, AuditRead, parseInput, parseQuery } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { LicenceChangeService } from '../lifecycle/change.service.js';
import { LifecycleService } from '../lifecycle/lifecycle.service.js';
import { LicencesService } from './licences.service.js';

const ListQuery = z.object({ mine: z.enum(['1', 'true']).optional().describe('1 = the caller\'s own licences (我的证照)') }).strict();
const Reason = z.string().trim().min(1, 'a reason is required').max(2000);
const ChangeBody = z.object({ reason: Reason.describe('Why (recorded with the change and in the event)') }).strict();
const RevokeBody = z
  .object({
    reason: Reason,
    penalty: z.boolean().default(false).describe('true = 吊销 (administrative penalty); false = 撤销 (AL art. 69)'),
  })
  .strict();
const LicenceChangeBody = z
  .object({
    reason: Reason.describe('Why (recorded on the superseded version and in its event)'),
    fields: z
      .record(z.string().trim().min(1).max(100), z.string().trim().max(2000))
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 fields')
      .optional()
      .describe('Data fields to change, label → new value (new labels are appended)'),
    holderName: z.string().trim().min(1).max(200).optional().describe('The holder\'s new name (名称变更); the holder code never changes'),
  })
  .strict();

@ApiTags('licences 电子证照')
@Controller('licences')
export class LicencesController {
  constructor(
    @Inject(LicencesService) private readonly licences: LicencesService,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
    @Inject(LicenceChangeService) private readonly changes: LicenceChangeService,
  ) {}

  @Roles('applicant', 'approver')
  @Get()
  @ApiOperation({ summary: '?mine=1: my licences (holder = token id_number or uscc); approvers without it: their department\'s' })
  @ApiZodQuery(ListQuery)
  list(@Query() query: unknown, @CurrentUser() user: CurrentUser) {
    const { mine } = parseQuery(ListQuery, query);
    return mine || user.roles.includes('applicant') ? this.licences.mine(user) : this.licences.ofDepartment(user);
  }

  @Roles('applicant', 'approver')
  @AuditRead()
  @Get(':identifier')
  @ApiOperation({ summary: 'One licence with its status history (holder, or an approver of the issuing department)' })
  get(@Param('identifier') identifier: string, @CurrentUser() user: CurrentUser) {
    return this.licences.get(user, identifier);
  }

  @Roles('applicant', 'approver')
  @AuditRead()
  @Get(':identifier/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The signed licence PDF (integrity-checked against its stored SHA-256)' })
  async pdf(@Param('identifier') identifier: string, @CurrentUser() user: CurrentUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const { name, body } = await this.licences.pdf(user, identifier);
    void reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('attachment', name));
    return body;
  }

  @Roles('applicant', 'approver')
  @Get(':identifier/access-log')
  @ApiOperation({ summary: 'Who accessed this licence, how and when' })
  accessLog(@Param('identifier') identifier: string, @CurrentUser() user: CurrentUser) {
    return this.licences.accessLog(user, identifier);
  }

  @Roles('approver')
  @Post(':identifier/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: '暂扣 (issuing department, reason required)' })
  @ApiZodBody(ChangeBody)
  suspend(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.lifecycle.change(user, identifier, 'suspend', parseInput(ChangeBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':identifier/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore after 暂扣' })
  @ApiZodBody(ChangeBody)
  restore(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.lifecycle.change(user, identifier, 'restore', parseInput(ChangeBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':identifier/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: '撤销, or 吊销 with penalty: true' })
  @ApiZodBody(RevokeBody)
  revoke(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.lifecycle.change(user, identifier, 'revoke', parseInput(RevokeBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':identifier/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '注销 (AL art. 70)' })
  @ApiZodBody(ChangeBody)
  cancel(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.lifecycle.change(user, identifier, 'cancel', parseInput(ChangeBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':identifier/resign')
  @HttpCode(200)
  @ApiOperation({
    summary: '重新签发: a licence invalidated by a revoked key is signed again with the issuer\'s current key (same record, new QR and PDF) and returns to its status before (issuing department, reason required)',
  })
  @ApiZodBody(ChangeBody)
  resign(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.lifecycle.resign(user, identifier, parseInput(ChangeBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':identifier/change')
  @HttpCode(201)
  @ApiOperation({ summary: '变更: a new version (same serial, version + 1, same validity) with the changed fields; the previous one becomes 失效（已换发）' })
  @ApiZodBody(LicenceChangeBody)
  change(@Param('identifier') identifier: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.changes.change(user, identifier, parseInput(LicenceChangeBody, body ?? {}));
  }
}

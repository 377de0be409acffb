import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { z } from 'zod';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  LicenceAccessLog,
  LicenceChangeBody,
  LicenceChanged,
  LicenceDetail,
  LicenceListQuery,
  LicencePage,
  LicenceResigned,
  LicenceRevokeBody,
  LicenceStatusChangeBody,
  LicenceStatusChanged,
} from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodBody, ZodQuery } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { LicenceChangeService } from '../lifecycle/change.service.js';
import { LifecycleService } from '../lifecycle/lifecycle.service.js';
import { LicencesService } from './licences.service.js';

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
  @ApiOperation({
    summary:
      "?mine=1: my licences (holder = token id_number or uscc); approvers without it: their department's. Paged (page, pageSize ≤ 100), filtered by type, status, issuer (USCC) and q (name or identifier), newest first",
  })
  @ApiZodResponse(200, LicencePage)
  list(
    @ZodQuery(LicenceListQuery) query: z.output<typeof LicenceListQuery>,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicencePage> {
    const { mine, ...filter } = query;
    return mine || user.roles.includes('applicant')
      ? this.licences.mine(user, filter)
      : this.licences.ofDepartment(user, filter);
  }

  @Roles('applicant', 'approver')
  @AuditRead()
  @Get(':identifier')
  @ApiOperation({
    summary: 'One licence with its status history (holder, or an approver of the issuing department)',
  })
  @ApiZodResponse(200, LicenceDetail)
  get(@Param('identifier') identifier: string, @CurrentUser() user: CurrentUser): Promise<LicenceDetail> {
    return this.licences.get(user, identifier);
  }

  @Roles('applicant', 'approver')
  @AuditRead()
  @Get(':identifier/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The signed licence PDF (integrity-checked against its stored SHA-256)' })
  async pdf(
    @Param('identifier') identifier: string,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { name, body } = await this.licences.pdf(user, identifier);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', name));
    return body;
  }

  @Roles('applicant', 'approver')
  @Get(':identifier/access-log')
  @ApiOperation({ summary: 'Who accessed this licence, how and when' })
  @ApiZodResponse(200, LicenceAccessLog)
  accessLog(
    @Param('identifier') identifier: string,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceAccessLog> {
    return this.licences.accessLog(user, identifier);
  }

  @Roles('approver')
  @Post(':identifier/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: '暂扣 (issuing department, reason required)' })
  @ApiZodResponse(200, LicenceStatusChanged)
  suspend(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceStatusChangeBody) body: LicenceStatusChangeBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceStatusChanged> {
    return this.lifecycle.change(user, identifier, 'suspend', body);
  }

  @Roles('approver')
  @Post(':identifier/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore after 暂扣' })
  @ApiZodResponse(200, LicenceStatusChanged)
  restore(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceStatusChangeBody) body: LicenceStatusChangeBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceStatusChanged> {
    return this.lifecycle.change(user, identifier, 'restore', body);
  }

  @Roles('approver')
  @Post(':identifier/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: '撤销, or 吊销 with penalty: true' })
  @ApiZodResponse(200, LicenceStatusChanged)
  revoke(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceRevokeBody) body: z.output<typeof LicenceRevokeBody>,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceStatusChanged> {
    return this.lifecycle.change(user, identifier, 'revoke', body);
  }

  @Roles('approver')
  @Post(':identifier/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '注销 (AL art. 70)' })
  @ApiZodResponse(200, LicenceStatusChanged)
  cancel(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceStatusChangeBody) body: LicenceStatusChangeBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceStatusChanged> {
    return this.lifecycle.change(user, identifier, 'cancel', body);
  }

  @Roles('approver')
  @Post(':identifier/resign')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "重新签发: a licence invalidated by a revoked key is signed again with the issuer's current key (same record, new QR and PDF) and returns to its status before (issuing department, reason required)",
  })
  @ApiZodResponse(200, LicenceResigned)
  resign(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceStatusChangeBody) body: LicenceStatusChangeBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceResigned> {
    return this.lifecycle.resign(user, identifier, body);
  }

  @Roles('approver')
  @Post(':identifier/change')
  @HttpCode(201)
  @ApiOperation({
    summary:
      '变更: a new version (same serial, version + 1, same validity) with the changed fields; the previous one becomes 失效（已换发）',
  })
  @ApiZodResponse(201, LicenceChanged)
  change(
    @Param('identifier') identifier: string,
    @ZodBody(LicenceChangeBody) body: LicenceChangeBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<LicenceChanged> {
    return this.changes.change(user, identifier, body);
  }
}

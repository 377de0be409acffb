import { Controller, Delete, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { CreateShareBody, ResolvedShare, ResolveShareQuery, ShareGrant, ShareRevoked } from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodQuery } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { SharesService } from './shares.service.js';

@ApiTags('shares 证照共享授权')
@Controller('shares')
export class SharesController {
  constructor(@Inject(SharesService) private readonly shares: SharesService) {}

  @Roles('applicant')
  @Post()
  @ApiOperation({
    summary: 'The holder authorises one licence for one application (scope, expiry); returns the share id',
  })
  @ApiZodResponse(201, ShareGrant)
  create(@ZodBody(CreateShareBody) body: CreateShareBody, @CurrentUser() user: CurrentUser) {
    return this.shares.create(user, body);
  }

  @Roles('applicant')
  @Delete(':shareId')
  @ApiOperation({ summary: 'The holder withdraws an authorisation' })
  @ApiZodResponse(200, ShareRevoked)
  revoke(@Param('shareId') shareId: string, @CurrentUser() user: CurrentUser) {
    return this.shares.revoke(user, shareId);
  }

  @Roles('clerk', 'approver')
  @Get(':shareId')
  @ApiOperation({
    summary: 'Intake / clerks / approvers: resolve an authorisation into the licence data (scope checked)',
  })
  @ApiZodResponse(200, ResolvedShare)
  resolve(
    @Param('shareId') shareId: string,
    @ZodQuery(ResolveShareQuery) query: ResolveShareQuery,
    @CurrentUser() user: CurrentUser,
  ) {
    return this.shares.resolve(user, shareId, query.applicationNo);
  }

  @Roles('clerk', 'approver')
  @Get(':shareId/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The watermarked copy ("仅供办理政务服务事项时使用，有效期至…" on every page)' })
  async pdf(
    @Param('shareId') shareId: string,
    @ZodQuery(ResolveShareQuery) query: ResolveShareQuery,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { name, body } = await this.shares.pdf(user, shareId, query.applicationNo);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', name));
    return body;
  }
}

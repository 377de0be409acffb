import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { AckBody, AlertListQuery, AlertPage, AlertRecord, ResolveBody } from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import { staffRegionScope } from '../access/scope.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts 督办')
@Roles('supervisor', 'admin')
@Controller('alerts')
export class AlertsController {
  constructor(@Inject(AlertsService) private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    summary:
      "Supervisor worklist: 督办 records (GB/T 39046 §6.8 fields) of the caller's region, open and acknowledged by default",
  })
  @ApiZodResponse(200, AlertPage)
  list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(AlertListQuery) query: AlertListQuery,
  ): Promise<AlertPage> {
    return this.alerts.list(staffRegionScope(user), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One 督办 record' })
  @ApiZodResponse(200, AlertRecord)
  get(@CurrentUser() user: CurrentUser, @ZodParam('id', z.uuid()) id: string): Promise<AlertRecord> {
    return this.alerts.get(staffRegionScope(user), id);
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge (签收) an open record; 409 when it is not open' })
  @ApiZodResponse(200, AlertRecord)
  ack(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(AckBody) body: AckBody,
  ): Promise<AlertRecord> {
    return this.alerts.acknowledge(staffRegionScope(user), id, user.id, body);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve (办结督办) with a result; 409 when already resolved or cleared' })
  @ApiZodResponse(200, AlertRecord)
  resolve(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(ResolveBody) body: ResolveBody,
  ): Promise<AlertRecord> {
    return this.alerts.resolve(staffRegionScope(user), id, user.id, body);
  }
}

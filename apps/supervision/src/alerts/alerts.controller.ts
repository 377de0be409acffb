import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, parseQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { AckBody, AlertListQuery, AlertsService, ResolveBody } from './alerts.service.js';

@ApiTags('alerts 督办')
@Roles('supervisor', 'admin')
@Controller('alerts')
export class AlertsController {
  constructor(@Inject(AlertsService) private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: 'Supervisor worklist: 督办 records (GB/T 39046 §6.8 fields) of the caller\'s region, open and acknowledged by default' })
  @ApiZodQuery(AlertListQuery)
  list(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.alerts.list(staffRegionScope(user), parseQuery(AlertListQuery, query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One 督办 record' })
  get(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.alerts.get(staffRegionScope(user), id);
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge (签收) an open record; 409 when it is not open' })
  @ApiZodBody(AckBody)
  ack(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.alerts.acknowledge(staffRegionScope(user), id, user.id, body);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve (办结督办) with a result; 409 when already resolved or cleared' })
  @ApiZodBody(ResolveBody)
  resolve(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.alerts.resolve(staffRegionScope(user), id, user.id, body);
  }
}

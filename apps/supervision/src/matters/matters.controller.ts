import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  MatterListQuery,
  MatterPage,
  MatterSummary,
  MatterTimeline,
  MatterTimelineQuery,
} from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodQuery } from '@hall/platform';
import type { z } from 'zod';
import { staffRegionScope } from '../access/scope.js';
import { MattersService } from './matters.service.js';

@ApiTags('matters 依申请公开与咨询投诉监察')
@Controller('matters')
export class MattersController {
  constructor(@Inject(MattersService) private readonly matters: MattersService) {}

  @Roles('supervisor', 'admin')
  @Get()
  @ApiOperation({
    summary:
      "Supervised 依申请公开 requests and enquiries (咨询/投诉/建议/求助) of the caller's region with their working-day answer clocks, open and most urgent first",
  })
  @ApiZodResponse(200, MatterPage)
  list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(MatterListQuery) query: z.output<typeof MatterListQuery>,
  ): Promise<MatterPage> {
    return this.matters.list(staffRegionScope(user), query);
  }

  @Roles('supervisor', 'admin')
  @Get('summary')
  @ApiOperation({
    summary:
      "Counts of the region's requests and enquiries per department and kind: open, paused, yellow, red, answered (on time)",
  })
  @ApiZodResponse(200, MatterSummary)
  summary(@CurrentUser() user: CurrentUser): Promise<MatterSummary> {
    return this.matters.summary(staffRegionScope(user));
  }

  @Roles('supervisor', 'admin')
  @AuditRead('matters')
  @Get('timeline')
  @ApiOperation({
    summary:
      "One request's or enquiry's timeline: every step with its zh-CN label, the clock, the pauses and their working days (404 outside the caller's region)",
  })
  @ApiZodResponse(200, MatterTimeline)
  timeline(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(MatterTimelineQuery) query: z.output<typeof MatterTimelineQuery>,
  ): Promise<MatterTimeline> {
    return this.matters.timeline(staffRegionScope(user), query.no);
  }
}

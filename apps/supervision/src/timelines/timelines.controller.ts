import { Controller, Get, Inject } from '@nestjs/common';
import { KeyTimeline, TimelineKeyParam } from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodParam } from '@hall/platform';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { staffRegionScope } from '../access/scope.js';
import { SupervisionStore } from '../supervision.store.js';
import { timelineOf } from './timelines.service.js';

@ApiTags('timelines 时间线')
@Controller('timelines')
export class TimelinesController {
  constructor(@Inject(SupervisionStore) private readonly store: SupervisionStore) {}

  @Roles('supervisor', 'admin')
  @AuditRead('timelines')
  @Get(':key')
  @ApiOperation({
    summary:
      "Every recorded event of one case (or implementation) within the caller's region, oldest first; 404 when none",
  })
  @ApiZodResponse(200, KeyTimeline)
  get(
    @CurrentUser() user: CurrentUser,
    @ZodParam('key', TimelineKeyParam) key: string,
  ): Promise<KeyTimeline> {
    return timelineOf(this.store, staffRegionScope(user), key);
  }
}

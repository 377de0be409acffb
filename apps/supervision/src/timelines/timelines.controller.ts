import { Controller, Get, Inject, Param } from '@nestjs/common';
import { AuditRead } from '@hall/platform';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { SupervisionStore } from '../supervision.store.js';

@ApiTags('timelines 时间线')
@Controller('timelines')
export class TimelinesController {
  constructor(@Inject(SupervisionStore) private readonly store: SupervisionStore) {}

  @Roles('supervisor', 'admin')
  @AuditRead('timelines')
  @Get(':key')
  @ApiOperation({ summary: 'Every recorded event of one case (or implementation), oldest first' })
  async get(@Param('key') key: string) {
    const entries = await this.store.prisma.timelineEntry.findMany({ where: { key }, orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }] });
    return { key, entries };
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { OverdueItems } from '@hall/contracts';
import { ApiZodResponse } from '@hall/platform';
import { ItemsService } from './items.service.js';

/** Unpublished items past their 20-working-day limit, every department (the supervision hookup reads this). */
@ApiTags('overdue 逾期未公开')
@Controller('overdue')
export class OverdueController {
  constructor(@Inject(ItemsService) private readonly items: ItemsService) {}

  @Roles('supervisor', 'admin')
  @Get()
  @ApiOperation({ summary: 'Items not published within 20 working days of 成文日期, oldest deadline first' })
  @ApiZodResponse(200, OverdueItems)
  list(): Promise<OverdueItems> {
    return this.items.overdue();
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { RiskQuery, RiskResult } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { RiskService } from './risk.service.js';

@ApiTags('risk 超期风险')
@Roles('supervisor', 'admin')
@Controller('risk')
export class RiskController {
  constructor(@Inject(RiskService) private readonly risk: RiskService) {}

  @Get()
  @ApiOperation({
    summary:
      "Open cases of the caller's region ranked by the probability of missing the promised limit, with the reasons (remaining working days, slowest open step, its department's queue)",
  })
  @ApiZodResponse(200, RiskResult)
  list(@CurrentUser() user: CurrentUser, @ZodQuery(RiskQuery) query: RiskQuery): Promise<RiskResult> {
    return this.risk.ranked(staffRegionScope(user), query);
  }
}

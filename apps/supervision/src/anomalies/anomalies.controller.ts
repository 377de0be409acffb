import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ANOMALY_RULES, AnomalyListQuery, AnomalyPage } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { anomalyView } from '../views.js';
import { AnomalyRepository } from './anomaly.repository.js';

@ApiTags('anomalies 异常')
@Roles('supervisor', 'admin')
@Controller('anomalies')
export class AnomaliesController {
  constructor(@Inject(AnomalyRepository) private readonly anomalies: AnomalyRepository) {}

  @Get()
  @ApiOperation({
    summary: "Anomalies the rules found in the caller's region (rule number, case, time, detail)",
  })
  @ApiZodResponse(200, AnomalyPage)
  async list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(AnomalyListQuery) q: AnomalyListQuery,
  ): Promise<AnomalyPage> {
    const { total, rows } = await this.anomalies.page(staffRegionScope(user), q);
    return { rules: ANOMALY_RULES, total, page: q.page, pageSize: q.pageSize, items: rows.map(anomalyView) };
  }
}

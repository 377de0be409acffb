import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ANOMALY_RULES, AnomalyListQuery, AnomalyPage } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { SupervisionStore } from '../supervision.store.js';
import { anomalyView } from '../views.js';

@ApiTags('anomalies 异常')
@Roles('supervisor', 'admin')
@Controller('anomalies')
export class AnomaliesController {
  constructor(@Inject(SupervisionStore) private readonly store: SupervisionStore) {}

  @Get()
  @ApiOperation({ summary: 'Anomalies the rules found in the caller\'s region (rule number, case, time, detail)' })
  @ApiZodResponse(200, AnomalyPage)
  async list(@CurrentUser() user: CurrentUser, @ZodQuery(AnomalyListQuery) q: AnomalyListQuery): Promise<AnomalyPage> {
    const where = {
      regionCode: { startsWith: staffRegionScope(user) },
      ...(q.rule !== undefined && { ruleNo: q.rule }),
      ...(q.dept !== undefined && { departmentCode: q.dept }),
      ...(q.applicationNo !== undefined && { applicationNo: q.applicationNo }),
    };
    const [total, items] = await Promise.all([
      this.store.prisma.anomaly.count({ where }),
      this.store.prisma.anomaly.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    return { rules: ANOMALY_RULES, total, page: q.page, pageSize: q.pageSize, items: items.map(anomalyView) };
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodQuery, parseQuery } from '@hall/platform';
import { z } from 'zod';
import { staffRegionScope } from '../access/scope.js';
import { ANOMALY_RULES } from '../cases/case.projection.js';
import { SupervisionStore } from '../supervision.store.js';

export const AnomalyListQuery = z
  .object({
    rule: z.enum(Object.keys(ANOMALY_RULES) as [keyof typeof ANOMALY_RULES, ...(keyof typeof ANOMALY_RULES)[]]).optional(),
    dept: z.string().min(1).max(48).optional(),
    applicationNo: z.string().min(1).max(40).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@ApiTags('anomalies 异常')
@Roles('supervisor', 'admin')
@Controller('anomalies')
export class AnomaliesController {
  constructor(@Inject(SupervisionStore) private readonly store: SupervisionStore) {}

  @Get()
  @ApiOperation({ summary: 'Anomalies the rules found in the caller\'s region (rule number, case, time, detail)' })
  @ApiZodQuery(AnomalyListQuery)
  async list(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    const q = parseQuery(AnomalyListQuery, query);
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
    return { rules: ANOMALY_RULES, total, page: q.page, pageSize: q.pageSize, items };
  }
}

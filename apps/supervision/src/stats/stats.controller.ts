import { Controller, Get, Header, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodQuery, parseQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { SupervisionStore } from '../supervision.store.js';
import { MonthlyQuery, monthlyReport } from './monthly.js';
import { StatsQuery, StatsService, statsCsv, statsXlsx } from './stats.service.js';

@ApiTags('stats 统计')
@Roles('supervisor', 'admin')
@Controller('stats')
export class StatsController {
  constructor(
    @Inject(StatsService) private readonly stats: StatsService,
    @Inject(SupervisionStore) private readonly store: SupervisionStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Received, accepted, completed, on-time rate, average and p90 working days, overdue, cards and ratings per department, region, item or month' })
  @ApiZodQuery(StatsQuery)
  get(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.stats.compute(staffRegionScope(user), parseQuery(StatsQuery, query));
  }

  @Get('monthly')
  @ApiOperation({ summary: 'Monthly per-department table (月度部门统计): received, accepted, completed, on time and overdue per month, department and region, kept with the projection' })
  @ApiZodQuery(MonthlyQuery)
  monthly(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return monthlyReport(this.store, staffRegionScope(user), parseQuery(MonthlyQuery, query));
  }

  @Get('export.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', 'attachment; filename="supervision-stats.xlsx"')
  @ApiOperation({ summary: 'The same statistics as an Excel workbook' })
  @ApiZodQuery(StatsQuery)
  async xlsx(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    const q = parseQuery(StatsQuery, query);
    const result = await this.stats.compute(staffRegionScope(user), q);
    return new StreamableFile(await statsXlsx([...result.rows, result.total], `办件统计（按${q.groupBy}，${q.from ?? '…'} 至 ${q.to ?? '…'}）`));
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="supervision-stats.csv"')
  @ApiOperation({ summary: 'The same statistics as CSV (UTF-8 with BOM)' })
  @ApiZodQuery(StatsQuery)
  async csv(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    const result = await this.stats.compute(staffRegionScope(user), parseQuery(StatsQuery, query));
    return statsCsv([...result.rows, result.total]);
  }
}

import { Controller, Get, Header, Inject, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { MonthlyQuery, MonthlyReport, StatsQuery, StatsResult } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { SupervisionStore } from '../supervision.store.js';
import { monthlyReport } from './monthly.js';
import { StatsService, statsCsv, statsXlsx } from './stats.service.js';

@ApiTags('stats 统计')
@Roles('supervisor', 'admin')
@Controller('stats')
export class StatsController {
  constructor(
    @Inject(StatsService) private readonly stats: StatsService,
    @Inject(SupervisionStore) private readonly store: SupervisionStore,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Received, accepted, completed, on-time rate, average and p90 working days, overdue, cards and ratings per department, region, item or month',
  })
  @ApiZodResponse(200, StatsResult)
  get(@CurrentUser() user: CurrentUser, @ZodQuery(StatsQuery) query: StatsQuery): Promise<StatsResult> {
    return this.stats.compute(staffRegionScope(user), query);
  }

  @Get('monthly')
  @ApiOperation({
    summary:
      'Monthly per-department table (月度部门统计): received, accepted, completed, on time and overdue per month, department and region, kept with the projection',
  })
  @ApiZodResponse(200, MonthlyReport)
  monthly(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(MonthlyQuery) query: MonthlyQuery,
  ): Promise<MonthlyReport> {
    return monthlyReport(this.store, staffRegionScope(user), query);
  }

  @Get('export.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', 'attachment; filename="supervision-stats.xlsx"')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The same statistics as an Excel workbook' })
  async xlsx(@CurrentUser() user: CurrentUser, @ZodQuery(StatsQuery) q: StatsQuery): Promise<StreamableFile> {
    const result = await this.stats.compute(staffRegionScope(user), q);
    return new StreamableFile(
      await statsXlsx(
        [...result.rows, result.total],
        `办件统计（按${q.groupBy}，${q.from ?? '…'} 至 ${q.to ?? '…'}）`,
      ),
    );
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="supervision-stats.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same statistics as CSV (UTF-8 with BOM)' })
  async csv(@CurrentUser() user: CurrentUser, @ZodQuery(StatsQuery) query: StatsQuery): Promise<string> {
    const result = await this.stats.compute(staffRegionScope(user), query);
    return statsCsv([...result.rows, result.total]);
  }
}

import { Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, isRegionCode, regionPrefix, Roles } from '@hall/auth';
import {
  CalendarStatus,
  CalendarYear,
  CalendarYearParam,
  CalendarYearReplaced,
  YearInput,
} from '@hall/contracts';
import { ApiZodResponse, AppError, ZodBody, ZodParam } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { SUPERVISION_CLOCK } from '../config/supervision.settings.js';
import { CalendarService } from './calendar.service.js';
import { OPEN_CLOCKS_REPROJECTOR, type OpenClocksReprojector } from './open-clocks.js';

@ApiTags('calendar 工作日历')
@Roles('supervisor', 'admin')
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(OPEN_CLOCKS_REPROJECTOR) private readonly evaluator: OpenClocksReprojector,
    @Inject(SUPERVISION_CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Which years are official and which provisional (暂定) for this year, next year and the open clocks',
  })
  @ApiZodResponse(200, CalendarStatus)
  status(): Promise<CalendarStatus> {
    return this.calendar.status(this.clock.now());
  }

  @Get(':year')
  @ApiOperation({
    summary:
      "A year's rest days and make-up workdays as supervision counts them (official: shipped data or override; else provisional, from the statutory holidays)",
  })
  @ApiZodResponse(200, CalendarYear)
  get(@ZodParam('year', CalendarYearParam) year: number): Promise<CalendarYear> {
    return this.calendar.year(year);
  }

  @Put(':year')
  @ApiOperation({
    summary: "Replace a year's arrangement (holidays + make-up workdays); every open clock is re-evaluated",
  })
  @ApiZodResponse(200, CalendarYearReplaced)
  async put(
    @CurrentUser() user: CurrentUser,
    @ZodParam('year', CalendarYearParam) year: number,
    @ZodBody(YearInput) body: YearInput,
  ): Promise<CalendarYearReplaced> {
    // One calendar counts every deadline in the hall: a district supervisor may read it, not replace it.
    const scope =
      user.region === undefined || !isRegionCode(user.region) ? undefined : regionPrefix(user.region);
    if (!user.roles.includes('admin') && (scope === undefined || scope.length > 4)) {
      throw new AppError(
        'CALENDAR_SCOPE',
        'the working calendar is set at city level or above (市级及以上监察人员或管理员)',
        403,
      );
    }
    const actor = {
      userId: user.id,
      name: user.name,
      role: user.roles.includes('admin') ? 'admin' : 'supervisor',
      ...(user.region !== undefined && { region: user.region }),
    };
    await this.calendar.put(year, body, actor, this.clock.now());
    const reevaluated = await this.evaluator.reprojectOpen();
    return { ...(await this.calendar.year(year)), reevaluatedCases: reevaluated };
  }
}

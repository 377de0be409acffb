import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { CaseNoParam, CaseTimeline } from '@hall/contracts';
import { ApiZodResponse, ZodParam } from '@hall/platform';
import { CasesService } from './cases.service.js';

@ApiTags('cases 办件监察')
@Controller('cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Roles('supervisor', 'admin', 'applicant')
  @Get(':no/timeline')
  @ApiOperation({
    summary:
      "A case's timeline: every event with actor and time, the case row, steps, clocks and anomalies (supervisors of its region); the applicant sees a reduced view of their own case",
  })
  @ApiZodResponse(200, CaseTimeline)
  timeline(@CurrentUser() user: CurrentUser, @ZodParam('no', CaseNoParam) no: string): Promise<CaseTimeline> {
    return this.cases.timeline(user, no);
  }
}

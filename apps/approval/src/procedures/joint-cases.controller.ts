import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { JointCasePage, JointCasesQuery } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { officerOf } from '../access/officer-scope.js';
import { JointCasesService } from './joint-cases.service.js';

@ApiTags('cases 并联审批案件')
@Controller('joint-cases')
export class JointCasesController {
  constructor(@Inject(JointCasesService) private readonly jointCases: JointCasesService) {}

  @Roles('government-head')
  @Get()
  @ApiOperation({
    summary:
      "本级人民政府负责人: the undecided joint cases (联合办理) of my region, nearest legal deadline first, each with its clocks and whether the +15 extension (AL art. 42 ¶2) may still be granted (POST /cases/:id/special-procedures {kind: 'extension'})",
  })
  @ApiZodResponse(200, JointCasePage)
  list(
    @ZodQuery(JointCasesQuery) query: JointCasesQuery,
    @CurrentUser() user: CurrentUser,
  ): Promise<JointCasePage> {
    return this.jointCases.list(officerOf(user), query);
  }
}

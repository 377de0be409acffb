import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { IntakeJobRunReport } from '@hall/contracts';
import { ApiZodResponse } from '@hall/platform';
import { IntakeJobs } from './intake-jobs.js';

@ApiTags('jobs 定时任务')
@Controller('jobs')
export class JobsController {
  constructor(@Inject(IntakeJobs) private readonly jobs: IntakeJobs) {}

  @Roles('admin')
  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Run the scheduled rules now (deemed acceptance after 5 working days, 容缺 termination, removal of expired unattached uploads)',
  })
  @ApiZodResponse(200, IntakeJobRunReport)
  run(): Promise<IntakeJobRunReport> {
    return this.jobs.runDue();
  }
}

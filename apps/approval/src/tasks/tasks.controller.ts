import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, parseInput, parseQuery } from '@hall/platform';
import { officerOf } from '../access/officer-scope.js';
import { CompleteTaskBody, QueueQuery, TaskActionBody } from './tasks.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks 审批任务')
@Controller('tasks')
export class TasksController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Roles('approver')
  @Get()
  @ApiOperation({ summary: "My department's queue within my region, earliest deadline first (working days left, paused flag)" })
  @ApiZodQuery(QueueQuery)
  list(@Query() query: unknown, @CurrentUser() user: CurrentUser) {
    return this.tasks.queue(officerOf(user), parseQuery(QueueQuery, query));
  }

  @Roles('approver')
  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task of my department (a repeated claim by the holder has no second effect; another holder → 409)' })
  @ApiZodBody(TaskActionBody)
  claim(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.tasks.claim(id, officerOf(user), parseInput(TaskActionBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a claimed task back in the queue (holder or department head; withdraws a pending first signature)' })
  @ApiZodBody(TaskActionBody)
  release(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.tasks.release(id, officerOf(user), parseInput(TaskActionBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the opinion (approve / deny / return / promise). On-site verification tasks: the holder signs first (status cosign), another official of the department co-signs with the same verdict',
  })
  @ApiZodBody(CompleteTaskBody)
  complete(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.tasks.complete(id, officerOf(user), parseInput(CompleteTaskBody, body ?? {}));
  }
}

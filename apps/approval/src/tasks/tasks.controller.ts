import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  CompleteTaskBody,
  RowId,
  TaskActionBody,
  TaskQueue,
  TaskQueueQuery,
  TaskView,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import { officerOf } from '../access/officer-scope.js';
import { TasksService } from './tasks.service.js';
import { ClaimTask } from './usecases/claim-task.js';
import { CompleteTask } from './usecases/complete-task.js';
import { ReleaseTask } from './usecases/release-task.js';

@ApiTags('tasks 审批任务')
@Controller('tasks')
export class TasksController {
  constructor(
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(ClaimTask) private readonly claimTask: ClaimTask,
    @Inject(ReleaseTask) private readonly releaseTask: ReleaseTask,
    @Inject(CompleteTask) private readonly completeTask: CompleteTask,
  ) {}

  @Roles('approver')
  @Get()
  @ApiOperation({
    summary:
      "My department's queue within my region: a work list of mine (view todo 待办 / waiting / done) or a status, each row with the action due for me and its deadline",
  })
  @ApiZodResponse(200, TaskQueue)
  list(
    @ZodQuery(TaskQueueQuery) query: TaskQueueQuery,
    @CurrentUser() user: CurrentUser,
  ): Promise<TaskQueue> {
    return this.tasks.queue(officerOf(user), query);
  }

  @Roles('approver')
  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Claim a task of my department (a repeated claim by the holder has no second effect; another holder → 409)',
  })
  @ApiZodResponse(200, TaskView)
  claim(
    @ZodParam('id', RowId) id: string,
    @ZodBody(TaskActionBody) body: TaskActionBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<TaskView> {
    return this.claimTask.execute(id, officerOf(user), body);
  }

  @Roles('approver')
  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Put a claimed task back in the queue (holder or department head; withdraws a pending first signature)',
  })
  @ApiZodResponse(200, TaskView)
  release(
    @ZodParam('id', RowId) id: string,
    @ZodBody(TaskActionBody) body: TaskActionBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<TaskView> {
    return this.releaseTask.execute(id, officerOf(user), body);
  }

  @Roles('approver')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the opinion (approve / deny / return / promise). On-site verification tasks: the holder signs first (status cosign), another official of the department co-signs with the same verdict',
  })
  @ApiZodResponse(200, TaskView)
  complete(
    @ZodParam('id', RowId) id: string,
    @ZodBody(CompleteTaskBody) body: CompleteTaskBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<TaskView> {
    return this.completeTask.execute(id, officerOf(user), body);
  }
}

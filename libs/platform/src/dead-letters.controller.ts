import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { AppError } from '@hall/errors';
import { z } from 'zod';
import { messagingOf } from './service-messaging.js';
import { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime.js';
import { parseInput, ZodQuery } from './zod-http.js';

const ListQuery = z.strictObject({
  includeReplayed: z.enum(['true', 'false']).optional().describe('Also list dead letters already replayed'),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const DeadLetterId = z.uuid({ message: 'must be a dead letter id (UUID)' });

/**
 * Operator endpoints for the service's dead letters (消息死信): messages its consumer gave up on after its retries.
 * List them, fix the cause, replay one (idempotent: the inbox applies an event once, and a replayed dead letter
 * is not run again). Admin only.
 */
@ApiTags('operations')
@Roles('admin')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  private consumer() {
    const messaging = messagingOf(this.runtime);
    if (!messaging) throw new AppError('NOT_FOUND', `${this.runtime.name} consumes no events`, 404);
    return messaging.consumer;
  }

  @Get()
  @ApiOperation({
    summary: 'Dead letters of this service, newest first (unreplayed only unless includeReplayed=true)',
  })
  async list(@ZodQuery(ListQuery) q: z.output<typeof ListQuery>) {
    const items = await this.consumer().listDeadLetters({
      includeReplayed: q.includeReplayed === 'true',
      limit: q.limit,
    });
    return { items };
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hands one dead letter to its handler again; replaying twice has no second effect',
  })
  async replay(@Param('id') id: string) {
    const deadLetterId = parseInput(DeadLetterId, id);
    const result = await this.consumer().replayDeadLetter(deadLetterId);
    if (!result) throw AppError.notFound('dead letter', deadLetterId);
    if (result.outcome === 'failed') {
      throw new AppError(
        'REPLAY_FAILED',
        `the handler failed again: ${result.error ?? 'unknown error'}`,
        409,
        { id: deadLetterId },
      );
    }
    return result;
  }
}

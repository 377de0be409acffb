import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import type { FastifyReply } from 'fastify';
import { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime.js';

type Check = 'up' | 'down' | 'absent';

/** Liveness and readiness; readiness covers the database, the transport and object storage. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'up', service: this.runtime.name };
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Readiness: database, transport and storage reachable (503 when not)' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    // The timer is cleared once the check answers: none outlives the request (nor holds a test run open).
    const timeout = async <T>(p: Promise<T>, fallback: T): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(fallback), 2000)))]);
      } finally {
        clearTimeout(timer);
      }
    };
    const [db, transport, storage] = await Promise.all([
      timeout(this.runtime.db.ping(1500), false),
      timeout(this.runtime.transport.ping(), false),
      this.runtime.storage ? timeout(this.runtime.storage.ping(), false) : Promise.resolve(undefined),
    ]);
    const checks: Record<string, Check> = {
      database: db ? 'up' : 'down',
      transport: transport ? 'up' : 'down',
      storage: storage === undefined ? 'absent' : storage ? 'up' : 'down',
    };
    const ready = Object.values(checks).every((c) => c !== 'down');
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'up' : 'down', service: this.runtime.name, checks };
  }
}

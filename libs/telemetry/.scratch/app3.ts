import { Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TracingInterceptor, currentTraceId, createLogger, PinoNestLogger } from '@hall/telemetry';
const logger = createLogger({ service: 'intake' });
@Controller('api/intake/applications')
class C {
  @Post(':no/accept')
  async accept(@Param('no') no: string) { await new Promise((r) => setTimeout(r, 2)); logger.info({ no }, 'accepted'); return { traceId: currentTraceId() }; }
}
@Module({ controllers: [C] })
class M {}
export async function boot(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(M, new FastifyAdapter(), { logger: new PinoNestLogger(logger) });
  app.useGlobalInterceptors(new TracingInterceptor());
  await app.listen(0, '127.0.0.1');
  return app;
}

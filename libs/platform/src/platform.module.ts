import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@hall/auth';
import { AuditController } from './audit/audit.controller.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { HealthController } from './health.controller.js';
import { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime.js';

/** What every service gets: its runtime (adapters), health and dead-letter endpoints, the deny-by-default auth guard. */
@Global()
@Module({})
export class PlatformModule {
  static forService(runtime: ServiceRuntime): DynamicModule {
    return {
      module: PlatformModule,
      imports: [AuthModule.forRoot({ verifier: runtime.tokenVerifier })],
      controllers: [HealthController, AuditController, DeadLettersController],
      providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }],
      exports: [SERVICE_RUNTIME, AuthModule],
    };
  }
}

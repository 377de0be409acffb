import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { AppError } from '@hall/errors';
import { z } from 'zod';
import { SERVICE_RUNTIME, type ServiceRuntime } from '../service-runtime.js';
import { ApiZodQuery, parseQuery } from '../zod-http.js';
import { auditTrailOf, type AuditTrail } from './audit-trail.js';

const AuditListQuery = z
  .object({
    objectType: z.string().min(1).max(64).optional(),
    objectId: z.string().min(1).max(128).optional(),
    actorId: z.string().min(1).max(128).optional(),
    afterId: z.string().regex(/^\d{1,19}$/, 'a row id').optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

/** The service's audit trail for administrators; chain verification also for supervisors. */
@ApiTags('audit 审计日志')
@Controller('audit-log')
export class AuditController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  private trail(): AuditTrail {
    const trail = auditTrailOf(this.runtime);
    if (!trail) throw new AppError('AUDIT_NOT_AVAILABLE', `${this.runtime.name} keeps no audit trail`, 404);
    return trail;
  }

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Audit rows in order, filtered by object or actor (paged by afterId, ≤ 500)' })
  @ApiZodQuery(AuditListQuery)
  async list(@Query() query: unknown) {
    const rows = await this.trail().list(parseQuery(AuditListQuery, query));
    return { rows, nextAfterId: rows.at(-1)?.id ?? null };
  }

  @Roles('admin', 'supervisor')
  @Get('verify')
  @ApiOperation({ summary: 'Recomputes the hash chain: intact, or the first broken row and why' })
  verify() {
    return this.trail().verify();
  }
}

import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { AppError } from '@hall/errors';
import { z } from 'zod';
import { SERVICE_RUNTIME, type ServiceRuntime } from '../service-runtime.js';
import { ZodBody, ZodQuery } from '../zod-http.js';
import { auditTrailOf, type AuditTrail } from './audit-trail.js';

const AuditListQuery = z
  .object({
    objectType: z.string().min(1).max(64).optional(),
    objectId: z.string().min(1).max(128).optional(),
    actorId: z.string().min(1).max(128).optional(),
    afterId: z
      .string()
      .regex(/^\d{1,19}$/, 'a row id')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

const VerifyAnchorsBody = z
  .object({
    anchors: z
      .array(
        z
          .object({
            id: z.string().regex(/^\d{1,19}$/, 'a row id'),
            hash: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters'),
            at: z.iso.datetime({ offset: true }),
          })
          .strict(),
      )
      .min(1)
      .max(1000)
      .describe('Chain heads recorded earlier (log lines `event: audit.anchor`, or GET /audit-log/head)'),
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
  async list(@ZodQuery(AuditListQuery) query: z.output<typeof AuditListQuery>) {
    const rows = await this.trail().list(query);
    return { rows, nextAfterId: rows.at(-1)?.id ?? null };
  }

  @Roles('admin', 'supervisor')
  @Get('verify')
  @ApiOperation({ summary: 'Recomputes the hash chain: intact, or the first broken row and why' })
  verify() {
    return this.trail().verify();
  }

  @Roles('admin', 'supervisor')
  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Recomputes the hash chain and checks it against anchors recorded earlier (a rewritten chain fails here)',
  })
  verifyAgainst(@ZodBody(VerifyAnchorsBody) body: z.output<typeof VerifyAnchorsBody>) {
    return this.trail().verify(body.anchors);
  }

  @Roles('admin', 'supervisor')
  @Get('head')
  @ApiOperation({
    summary:
      'The chain head now (id, hash, time of the newest row), to keep outside the database as an anchor',
  })
  async head() {
    return { anchor: (await this.trail().head()) ?? null };
  }
}

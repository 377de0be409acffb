import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import {
  ImplementationSnapshot,
  IntakeImplementation,
  IntakeImplementationVersion,
  IntakeImplementationVersions,
} from '@hall/contracts';
import { ApiZodResponse, AppError, ZodParam } from '@hall/platform';
import { z } from 'zod';
import { iso } from '../shared/instant.js';
import { ImplementationRepository } from './implementation.repository.js';

@ApiTags('implementations (read model)')
@Controller('implementations')
export class ImplementationsController {
  constructor(@Inject(ImplementationRepository) private readonly implementations: ImplementationRepository) {}

  @Public()
  @Get(':code')
  @ApiOperation({
    summary: 'The latest published implementation as intake knows it (new applications use this version)',
  })
  @ApiZodResponse(200, IntakeImplementation)
  async get(@Param('code') code: string): Promise<IntakeImplementation> {
    const view = await this.implementations.latest(code);
    if (!view) throw AppError.notFound('implementation', code);
    // The stored snapshot is parsed on the way out (a corrupt one is the server's fault, a 500).
    return {
      ...view,
      publishedAt: iso(view.publishedAt),
      updatedAt: iso(view.updatedAt),
      snapshot: ImplementationSnapshot.parse(view.snapshot),
    };
  }

  @Public()
  @Get(':code/versions')
  @ApiOperation({
    summary: 'Every published version intake holds (applications keep the one they were made against)',
  })
  @ApiZodResponse(200, IntakeImplementationVersions)
  async versions(@Param('code') code: string): Promise<IntakeImplementationVersions> {
    const rows = await this.implementations.versions(code);
    if (rows.length === 0) throw AppError.notFound('implementation', code);
    return { code, versions: rows.map((r) => ({ ...r, publishedAt: iso(r.publishedAt) })) };
  }

  @Public()
  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One published version with its full snapshot' })
  @ApiZodResponse(200, IntakeImplementationVersion)
  async version(
    @Param('code') code: string,
    @ZodParam('version', z.coerce.number().int().min(1).max(1_000_000)) version: number,
  ): Promise<IntakeImplementationVersion> {
    const row = await this.implementations.version(code, version);
    if (!row) throw AppError.notFound('implementation version', `${code}@${version}`);
    return {
      ...row,
      publishedAt: iso(row.publishedAt),
      receivedAt: iso(row.receivedAt),
      snapshot: ImplementationSnapshot.parse(row.snapshot),
    };
  }
}

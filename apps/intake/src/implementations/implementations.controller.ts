import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { AppError } from '@hall/platform';
import { IntakeStore } from '../intake.store.js';

@ApiTags('implementations (read model)')
@Controller('implementations')
export class ImplementationsController {
  constructor(@Inject(IntakeStore) private readonly store: IntakeStore) {}

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'A published implementation as intake knows it (the version applications use)' })
  async get(@Param('code') code: string) {
    const view = await this.store.prisma.implementationView.findUnique({ where: { code } });
    if (!view) throw AppError.notFound('implementation', code);
    return view;
  }
}

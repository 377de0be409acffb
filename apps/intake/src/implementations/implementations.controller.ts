import { Controller, Get, Inject, Param, ParseIntPipe } from '@nestjs/common';
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
  @ApiOperation({ summary: 'The latest published implementation as intake knows it (new applications use this version)' })
  async get(@Param('code') code: string) {
    const view = await this.store.prisma.implementationView.findUnique({ where: { code } });
    if (!view) throw AppError.notFound('implementation', code);
    return view;
  }

  @Public()
  @Get(':code/versions')
  @ApiOperation({ summary: 'Every published version intake holds (applications keep the one they were made against)' })
  async versions(@Param('code') code: string) {
    const rows = await this.store.prisma.implementationVersion.findMany({
      where: { code },
      orderBy: { version: 'asc' },
      select: { code: true, version: true, name: true, regionCode: true, promisedLimitDays: true, legalLimitDays: true, publishedAt: true },
    });
    if (rows.length === 0) throw AppError.notFound('implementation', code);
    return { code, versions: rows };
  }

  @Public()
  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One published version with its full snapshot' })
  async version(@Param('code') code: string, @Param('version', ParseIntPipe) version: number) {
    const row = await this.store.prisma.implementationVersion.findUnique({ where: { code_version: { code, version } } });
    if (!row) throw AppError.notFound('implementation version', `${code}@${version}`);
    return row;
  }
}

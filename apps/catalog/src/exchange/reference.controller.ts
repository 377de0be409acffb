import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { RegionKind, RegionList } from '@hall/contracts';
import { ApiZodResponse } from '@hall/platform';
import { ReferenceDataRepository } from './reference-data.repository.js';

@ApiTags('reference data 区划')
@Controller('regions')
export class ReferenceController {
  constructor(@Inject(ReferenceDataRepository) private readonly reference: ReferenceDataRepository) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '区划: every region with its parent (the search region picker)' })
  @ApiZodResponse(200, RegionList)
  async regions(): Promise<RegionList> {
    return (await this.reference.regions()).map((r) => ({
      code: r.code,
      name: r.name,
      kind: RegionKind.parse(r.kind),
      parentCode: r.parentCode,
    }));
  }
}

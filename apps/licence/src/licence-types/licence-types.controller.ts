import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { LicenceTypesService } from './licence-types.service.js';

@ApiTags('types 证照类型')
@Controller('types')
export class LicenceTypesController {
  constructor(@Inject(LicenceTypesService) private readonly types: LicenceTypesService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Licence types from the catalog\'s published results: code, name, issuing body, validity, fields, template' })
  async list() {
    return { items: await this.types.list() };
  }
}

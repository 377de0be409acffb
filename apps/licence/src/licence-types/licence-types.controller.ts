import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { LicenceTypeList } from '@hall/contracts';
import { ApiZodResponse } from '@hall/platform';
import { LicenceTypesService } from './licence-types.service.js';

@ApiTags('types 证照类型')
@Controller('types')
export class LicenceTypesController {
  constructor(@Inject(LicenceTypesService) private readonly types: LicenceTypesService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary:
      "Licence types from the catalog's published results: code, name, issuing body, validity, fields, template",
  })
  @ApiZodResponse(200, LicenceTypeList)
  async list(): Promise<LicenceTypeList> {
    return { items: await this.types.list() };
  }
}

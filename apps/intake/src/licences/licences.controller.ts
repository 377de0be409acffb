import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodQuery } from '@hall/platform';
import { LicenceWalletService, WalletQuery } from './licence-wallet.service.js';

@ApiTags('licences 我的证照 (免提交)')
@Controller('licences')
export class LicencesController {
  constructor(@Inject(LicenceWalletService) private readonly wallet: LicenceWalletService) {}

  @Roles('applicant')
  @Get()
  @ApiOperation({ summary: 'My own e-licences (intake\'s read model); ?implementationCode= only those usable for its materials, with the materials each replaces' })
  @ApiZodQuery(WalletQuery)
  list(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.wallet.list(user, query);
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { WalletLicenceQuery, WalletLicences } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { LicenceWalletService } from './licence-wallet.service.js';

@ApiTags('licences 我的证照 (免提交)')
@Controller('licences')
export class LicencesController {
  constructor(@Inject(LicenceWalletService) private readonly wallet: LicenceWalletService) {}

  @Roles('applicant')
  @Get()
  @ApiOperation({
    summary:
      "My own e-licences (intake's read model); ?implementationCode= only those usable for its materials, with the materials each replaces",
  })
  @ApiZodResponse(200, WalletLicences)
  list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(WalletLicenceQuery) query: WalletLicenceQuery,
  ): Promise<WalletLicences> {
    return this.wallet.list(user, query);
  }
}

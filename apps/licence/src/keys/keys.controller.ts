import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import { KeysQuery, PublishedKey, PublishedKeys, RevokedKey } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import { SIGNATURE_ALGORITHM, SM2_SIGNER_ID } from '../signing/sm2.js';
import { actorOf, LifecycleService } from '../lifecycle/lifecycle.service.js';
import { SigningKeysService } from '../signing/signing-keys.service.js';

/** Published verification keys (public) and key administration. */
@ApiTags('keys 签名密钥')
@Controller('keys')
export class KeysController {
  constructor(
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Public SM2 keys of every issuing body (active, retired, revoked) for offline verification',
  })
  @ApiZodResponse(200, PublishedKeys)
  async list(@ZodQuery(KeysQuery) query: KeysQuery): Promise<PublishedKeys> {
    const { issuer } = query;
    return {
      algorithm: SIGNATURE_ALGORITHM,
      signerId: SM2_SIGNER_ID,
      signatureEncoding: 'r||s, 64 bytes, base64url',
      keys: await this.keys.published(issuer),
    };
  }

  @Roles('admin')
  @Post(':issuerUscc/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: "Rotate an issuer's signing key (the old one is retired and still verifies what it signed)",
  })
  @ApiZodResponse(200, PublishedKey)
  rotate(@Param('issuerUscc') issuerUscc: string): Promise<PublishedKey> {
    return this.keys.rotate(issuerUscc);
  }

  @Roles('admin')
  @Post(':kid/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke a compromised key: what it signed no longer verifies, and every valid or suspended licence it signed becomes 签章失效 (invalidated) in the same transaction',
  })
  @ApiZodResponse(200, RevokedKey)
  async revoke(@Param('kid') kid: string, @CurrentUser() user: CurrentUser): Promise<RevokedKey> {
    const { effect, ...key } = await this.keys.revoke(kid, (tx) =>
      this.lifecycle.invalidateSignedBy(tx, kid, { ...actorOf(user), role: 'admin' }),
    );
    return { ...key, invalidatedLicences: effect.length };
  }
}

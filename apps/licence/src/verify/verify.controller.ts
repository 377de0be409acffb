import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { ApiZodBody, AppError, parseInput, RateLimited } from '@hall/platform';
import { z } from 'zod';
import { VerificationService } from './verification.service.js';

export const PDF_TYPE = 'application/pdf';

const VerifyBody = z.object({ payload: z.string().min(1).max(4000).describe('The QR payload (HL1.…) or the verification URL holding it') }).strict();

/** Public verification (亮证核验): anyone, no account; answers carry masked holder data only. */
@ApiTags('verify 核验')
@Controller('verify')
export class VerifyController {
  constructor(@Inject(VerificationService) private readonly verification: VerificationService) {}

  @Public()
  @RateLimited('public-lookup')
  @Get(':identifier')
  @ApiOperation({ summary: 'Verify by identifier: genuine/forged, current status, validity, masked holder' })
  byIdentifier(@Param('identifier') identifier: string) {
    return this.verification.byIdentifier(identifier);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify a QR payload: signature with the published key, then current status' })
  @ApiZodBody(VerifyBody)
  byPayload(@Body() body: unknown) {
    return this.verification.byPayload(parseInput(VerifyBody, body ?? {}).payload);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post('pdf')
  @HttpCode(200)
  @ApiConsumes(PDF_TYPE)
  @ApiBody({ description: 'The licence PDF file as the request body (≤ 1 MiB)', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Verify a licence PDF: its embedded SM2 signature (whole file, the licence\'s key), then current status' })
  byPdf(@Body() body: unknown) {
    if (!Buffer.isBuffer(body) || body.length === 0) throw AppError.validation('(body)', `expected the PDF file as the request body with Content-Type ${PDF_TYPE}`);
    if (body.subarray(0, 5).toString('latin1') !== '%PDF-') throw AppError.validation('(body)', 'the body is not a PDF file');
    return this.verification.byPdf(body);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { PdfVerificationResult, VerificationResult, VerifyBody } from '@hall/contracts';
import { ApiZodResponse, AppError, RateLimited, ZodBody } from '@hall/platform';
import { VerificationService } from './verification.service.js';

export const PDF_TYPE = 'application/pdf';

/** Public verification (亮证核验): anyone, no account; answers carry masked holder data only. */
@ApiTags('verify 核验')
@Controller('verify')
export class VerifyController {
  constructor(@Inject(VerificationService) private readonly verification: VerificationService) {}

  @Public()
  @RateLimited('public-lookup')
  @Get(':identifier')
  @ApiOperation({ summary: 'Verify by identifier: genuine/forged, current status, validity, masked holder' })
  @ApiZodResponse(200, VerificationResult)
  byIdentifier(@Param('identifier') identifier: string) {
    return this.verification.byIdentifier(identifier);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify a QR payload: signature with the published key, then current status' })
  @ApiZodResponse(200, VerificationResult)
  byPayload(@ZodBody(VerifyBody) body: VerifyBody) {
    return this.verification.byPayload(body.payload);
  }

  @Public()
  @RateLimited('public-lookup')
  @Post('pdf')
  @HttpCode(200)
  @ApiConsumes(PDF_TYPE)
  @ApiBody({
    description: 'The licence PDF file as the request body (≤ 1 MiB)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({
    summary:
      "Verify a licence PDF: its embedded SM2 signature (whole file, the licence's key), then current status",
  })
  @ApiZodResponse(200, PdfVerificationResult)
  // raw body: the PDF bytes (application/pdf content parser), checked below
  byPdf(@Body() body: unknown) {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw AppError.validation(
        '(body)',
        `expected the PDF file as the request body with Content-Type ${PDF_TYPE}`,
      );
    if (body.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw AppError.validation('(body)', 'the body is not a PDF file');
    return this.verification.byPdf(body);
  }
}

import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { MATERIAL_MAX_BYTES, MATERIAL_TYPES, UploadedMaterialFile } from '@hall/contracts';
import { ApiZodResponse, AppError, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { assertPlainFileName } from '@hall/storage';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '@hall/calendar';
import { IntakeErrorCode } from '../intake.errors.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';
import { UploadGate } from './upload-limits.js';
import { UploadedFileRepository } from './uploaded-file.repository.js';

/** Application materials: the contract's limits (PDF and images only, type decided from the bytes). */
export { MATERIAL_MAX_BYTES, MATERIAL_TYPES };

// Path tricks and invisible characters are refused outright (not silently cleaned): the name is evidence.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BAD_NAME = /(^|[\\/])\.\.([\\/]|$)|[\\/]|[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** A file name a user may give a material: no directories, no `..`, no control, bidi or zero-width characters. */
export function checkMaterialFileName(name: string): void {
  assertPlainFileName(name, 'file'); // the shared rule (also zero-width characters); same code, UPLOAD_BAD_NAME
  if (name.trim() === '' || name.length > 200 || BAD_NAME.test(name) || /^\.+$/.test(name.trim())) {
    throw new AppError(
      IntakeErrorCode.UploadBadName,
      'file name must be a plain name (no path, "..", control or bidi characters; ≤ 200 characters)',
      400,
      {
        field: 'file',
      },
    );
  }
}

@ApiTags('files 材料上传')
@Controller('files')
export class FilesController {
  constructor(
    @Inject(UploadedFileRepository) private readonly uploads: UploadedFileRepository,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(UploadGate) private readonly gate: UploadGate,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  // approver: a department officer's files for an enquiry's answer (在线咨询与投诉).
  @Roles('applicant', 'clerk', 'approver')
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Upload one material file (multipart field "file"; PDF/JPEG/PNG by magic bytes, ≤ 10 MiB); returns its id for the application. ' +
      'Per user: a rate (429 UPLOAD_RATE_LIMITED) and a quota of files not yet attached to an application (409 UPLOAD_QUOTA_EXCEEDED); ' +
      'unattached files are removed after a while (UPLOAD_UNATTACHED_TTL_HOURS, default 24)',
  })
  @ApiZodResponse(201, UploadedMaterialFile)
  // The body is a multipart stream (read from the request, not parsed by a schema): see req.file() below.
  async upload(
    @Req() req: FastifyRequest,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UploadedMaterialFile> {
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    if (!req.isMultipart()) throw AppError.validation('file', 'expected multipart/form-data with one file');
    // preservePath: see the client's name as sent, so path tricks are refused rather than silently cut off.
    const part = await req.file({ preservePath: true });
    if (!part) throw AppError.validation('file', 'no file in the request');
    try {
      this.gate.takeRate(user.id);
      // The quota is checked with the upload's write (below); read ahead only for a user refused a moment ago,
      // so a full quota costs no storage upload (issue 22: no statement of its own per upload otherwise).
      if (this.gate.refusedLately(user.id))
        this.gate.checkQuota(await this.uploads.unattached(user.id), { files: 1, bytes: 0 }, user.id);
      checkMaterialFileName(part.filename);
    } catch (err) {
      part.file.resume(); // drain the rejected body; nothing is stored
      const wait =
        err instanceof AppError && err.code === 'UPLOAD_RATE_LIMITED'
          ? err.details?.['retryAfterSeconds']
          : undefined;
      if (typeof wait === 'number') void reply.header('retry-after', String(wait));
      throw err;
    }
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      stream: part.file,
      declaredName: part.filename,
      declaredContentType: part.mimetype,
      maxBytes: MATERIAL_MAX_BYTES,
      allowedTypes: MATERIAL_TYPES,
      ownerPrefix: `intake/uploads/${user.id.replace(/[^A-Za-z0-9_-]/g, '')}`,
    });
    try {
      // One upload per user at a time past this point: concurrent uploads cannot pass the quota together.
      const row = await this.uploads.record(
        {
          ownerUserId: user.id,
          bucket: stored.bucket,
          key: stored.key,
          name: stored.originalName,
          sha256: stored.sha256,
          contentType: stored.contentType,
          size: stored.size,
          createdAt: this.clock.now(),
        },
        { maxFiles: this.gate.limits.unattachedMaxFiles, maxBytes: this.gate.limits.unattachedMaxBytes },
        (usage) => this.gate.checkQuota(usage, { files: 1, bytes: stored.size }, user.id),
      );
      return { id: row.id, name: row.name, sha256: row.sha256, contentType: row.contentType, size: row.size };
    } catch (err) {
      await storage.remove(stored.bucket, stored.key).catch(() => undefined);
      throw err;
    }
  }
}

import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import { CatalogFileUploaded } from '@hall/contracts';
import { ApiZodResponse, AppError, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { assertPlainFileName, contentDisposition } from '@hall/storage';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogFilesRepository } from './catalog-files.repository.js';

/** Types a guide may offer for download: forms as PDF, Word, Excel, images. */
export const CATALOG_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
  'application/zip',
];
export const CATALOG_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** Files the catalog publishes with its guides (空白表格, 示例样表): uploaded by admins, public to download. */
@ApiTags('files 表格样表')
@Controller('files')
export class FilesController {
  constructor(
    @Inject(CatalogFilesRepository) private readonly files: CatalogFilesRepository,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  private storage() {
    if (!this.runtime.storage)
      throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    return this.runtime.storage;
  }

  @Roles('catalog-admin')
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Upload a blank form or example (multipart field "file"; PDF/Office/image, ≤ 20 MiB)',
  })
  @ApiZodResponse(201, CatalogFileUploaded)
  // binary upload: the multipart stream is read (and size/type checked) by the storage, not parsed as a body
  async upload(@Req() req: FastifyRequest, @CurrentUser() user: CurrentUser): Promise<CatalogFileUploaded> {
    if (!req.isMultipart()) throw AppError.validation('file', 'expected multipart/form-data with one file');
    // preservePath: see the client's name as sent, so path tricks are refused rather than silently cut off.
    const part = await req.file({ preservePath: true });
    if (!part) throw AppError.validation('file', 'no file in the request');
    try {
      assertPlainFileName(part.filename);
    } catch (err) {
      part.file.resume(); // drain the rejected body; nothing is stored
      throw err;
    }
    const storage = this.storage();
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      stream: part.file,
      declaredName: part.filename,
      declaredContentType: part.mimetype,
      maxBytes: CATALOG_FILE_MAX_BYTES,
      allowedTypes: CATALOG_FILE_TYPES,
      ownerPrefix: 'catalog',
    });
    try {
      await this.files.add({
        key: stored.key,
        name: stored.originalName,
        sha256: stored.sha256,
        contentType: stored.contentType,
        size: stored.size,
        createdBy: user.username,
      });
    } catch (err) {
      await storage.remove(stored.bucket, stored.key).catch(() => undefined); // no object without its row
      throw err;
    }
    return {
      key: stored.key,
      name: stored.originalName,
      sha256: stored.sha256,
      contentType: stored.contentType,
      size: stored.size,
    };
  }

  @Public()
  @Get('*')
  @ApiOperation({ summary: 'Download a published form or example (integrity-checked)' })
  async download(@Param('*') key: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.files.find(key);
    if (!file) throw AppError.notFound('file', key);
    const storage = this.storage();
    const body = await storage.readBuffer(storage.buckets.materials, key, file.sha256);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name));
    return body;
  }
}

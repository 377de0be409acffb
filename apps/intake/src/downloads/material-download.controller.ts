import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '@hall/auth';
import { AppError, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import type { Clock } from '@hall/calendar';
import { ApplicationRepository } from '../records/application.repository.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';
import { assertMaterialReader } from './material-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@ApiTags('applications 办件')
@Controller('applications')
export class MaterialDownloadController {
  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  @Authenticated()
  @Get(':no/files/:fileId')
  @ApiOperation({
    summary:
      'Download one material file (申请材料) of the application: clerk of its region, officers of departments with an approval task on it, ' +
      'or the applicant; integrity-checked, served as an attachment, each download audited',
  })
  async download(
    @CurrentUser() user: CurrentUser,
    @Param('no') no: string,
    @Param('fileId') fileId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const app = await this.applications.load(no);
    const relation = await assertMaterialReader(
      (applicationNo, department) => this.applications.hasTask(applicationNo, department),
      user,
      app,
    );
    const file = UUID.test(fileId) ? await this.applications.materialFile(no, fileId) : null;
    if (!file) throw AppError.notFound('file', fileId);
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    // Whole file (≤ 10 MiB) read and verified before the first byte goes out: a corrupted object is a 500, not a truncated download.
    const bytes = await storage.readBuffer(file.bucket, file.key, file.sha256);
    await this.applications.recordMaterialAccess({
      applicationNo: no,
      fileId: file.id,
      actorId: user.id,
      actorName: user.name,
      actorRoles: user.roles.join(',') || 'none',
      relation,
      at: this.clock.now(),
    });
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return bytes;
  }
}

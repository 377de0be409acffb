import { ProvidedMaterial } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { authorize, type ObjectStorage } from '@hall/storage';
import { z } from 'zod';
import { canSeeCase, findVisibleCase } from '../access/case-access.js';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';

const Materials = z.array(ProvidedMaterial);

/** How long a material link stays valid (seconds; the storage caps it at 300). */
export const MATERIAL_LINK_TTL_SECONDS = 120;

/**
 * The application's materials (申请材料) for the officers examining it: each uploaded file with a short-lived
 * presigned download link (Content-Disposition: attachment). Links are issued only after the same check as the
 * case view — officers of the case's departments within their region, supervisors of the region (read-only);
 * anyone else gets 404 and no link is ever signed for them.
 */
export class MaterialsService {
  constructor(
    private readonly ctx: ApprovalContext,
    private readonly storage: ObjectStorage | undefined,
  ) {}

  async list(idOrNo: string, officer: Officer) {
    const c = await findVisibleCase(this.ctx.store.prisma, idOrNo, officer, 'read');
    const storage = this.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    const materials = Materials.parse(c.materials ?? []);
    const decision = { allowed: canSeeCase(c, officer, 'read'), subject: officer.id, reason: `case ${c.id}` };
    return {
      caseId: c.id,
      applicationNo: c.applicationNo,
      ttlSeconds: MATERIAL_LINK_TTL_SECONDS,
      materials: await Promise.all(
        materials.map(async (m) => ({
          materialId: m.materialId,
          name: m.name,
          source: m.source,
          ...(m.licenceIdentifier !== undefined && { licenceIdentifier: m.licenceIdentifier }),
          ...(m.licenceTypeCode !== undefined && { licenceTypeCode: m.licenceTypeCode }),
          ...(m.licenceCheckedAt !== undefined && { licenceCheckedAt: m.licenceCheckedAt }),
          files: await Promise.all(
            m.files.map(async (f) => {
              const link = await storage.presignedGet(authorize({ bucket: f.bucket, key: f.key }, decision), {
                ttlSeconds: MATERIAL_LINK_TTL_SECONDS,
                downloadName: f.name,
                disposition: 'attachment',
              });
              return { name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, url: link.url, expiresAt: link.expiresAt.toISOString() };
            }),
          ),
        })),
      ),
    };
  }
}

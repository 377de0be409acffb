import { ProvidedMaterial, type CaseMaterials } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { ObjectStorage } from '@hall/storage';
import { z } from 'zod';
import { findVisibleCase } from '../access/case-access.js';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';

const Materials = z.array(ProvidedMaterial);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Where one material file of a case is downloaded: approval's own route (never the object store). */
export const materialFilePath = (applicationNo: string, materialId: string, sha256: string): string =>
  `/api/approval/cases/${encodeURIComponent(applicationNo)}/materials/${encodeURIComponent(materialId)}/files/${sha256}`;

export interface MaterialDownload {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/**
 * The application's materials (申请材料) for the officers examining it. Each uploaded file is named by a path on
 * approval's own API (`GET /api/approval/cases/:no/materials/:materialId/files/:sha256`), which checks the same rule
 * as the case view on every call — officers of the case's departments within their region, supervisors of the region
 * (read-only); anyone else gets 404 — and streams the integrity-checked bytes. No link to the object store is ever
 * handed out.
 */
export class MaterialsService {
  constructor(
    private readonly ctx: ApprovalContext,
    private readonly storage: ObjectStorage | undefined,
  ) {}

  async list(idOrNo: string, officer: Officer): Promise<CaseMaterials> {
    const c = await findVisibleCase(this.ctx.store.prisma, idOrNo, officer, 'read');
    const materials = Materials.parse(c.materials ?? []);
    return {
      caseId: c.id,
      applicationNo: c.applicationNo,
      materials: materials.map((m) => ({
        materialId: m.materialId,
        name: m.name,
        source: m.source,
        ...(m.licenceIdentifier !== undefined && { licenceIdentifier: m.licenceIdentifier }),
        ...(m.licenceTypeCode !== undefined && { licenceTypeCode: m.licenceTypeCode }),
        ...(m.licenceCheckedAt !== undefined && { licenceCheckedAt: m.licenceCheckedAt }),
        files: m.files.map((f) => ({
          name: f.name,
          contentType: f.contentType,
          size: f.size,
          sha256: f.sha256,
          url: materialFilePath(c.applicationNo, m.materialId, f.sha256),
        })),
      })),
    };
  }

  /** One file of a material, read and verified against its SHA-256 before anything is sent; 404 for anyone who may not see the case. */
  async download(
    idOrNo: string,
    materialId: string,
    sha256: string,
    officer: Officer,
  ): Promise<MaterialDownload> {
    const c = await findVisibleCase(this.ctx.store.prisma, idOrNo, officer, 'read');
    const material = Materials.parse(c.materials ?? []).find((m) => m.materialId === materialId);
    const file = SHA256_HEX.test(sha256) ? material?.files.find((f) => f.sha256 === sha256) : undefined;
    if (!file) throw AppError.notFound('material file', `${materialId}/${sha256}`);
    const storage = this.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    // Materials are ≤ 10 MiB: the whole file is verified first, so a corrupted object is a 500, not a truncated download.
    const bytes = await storage.readBuffer(file.bucket, file.key, file.sha256);
    return { name: file.name, contentType: file.contentType, bytes };
  }
}

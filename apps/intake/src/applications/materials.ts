import type { ImplementationSnapshot, MaterialSpec, PartyIdentity } from '@hall/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeTx } from '../intake.store.js';
import type { MaterialInput } from './application.schemas.js';

export interface FileRef {
  id: string;
  bucket: string;
  key: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
}

/** A material checked against the implementation's list, ready to store. */
export interface ResolvedMaterial {
  materialId: string;
  name: string;
  source: 'upload' | 'licence' | 'promise';
  files: FileRef[];
  licenceIdentifier?: string;
  shareId?: string;
  promise?: string;
}

type FileReader = Pick<IntakeTx, 'uploadedFile'>;

/**
 * Checks provided materials against the version's material list: known ids, each once, 告知承诺 only where
 * the material allows it, 免提交 only with an e-licence of a type that replaces it, uploaded files that the
 * user uploaded and that are not attached to an application yet. `field` prefixes error fields.
 */
export async function resolveMaterials(
  db: FileReader,
  snapshot: ImplementationSnapshot,
  inputs: readonly MaterialInput[],
  uploaderId: string,
  field = 'materials',
): Promise<ResolvedMaterial[]> {
  const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const fileIds = new Set<string>();
  const out: ResolvedMaterial[] = [];
  for (const [i, input] of inputs.entries()) {
    const at = `${field}.${i}`;
    const spec = specs.get(input.materialId);
    if (!spec) throw unprocessable(IntakeErrorCode.MaterialUnknown, `${at}.materialId`, `${input.materialId} is not a material of this implementation`);
    if (seen.has(spec.id)) throw unprocessable(IntakeErrorCode.MaterialDuplicate, `${at}.materialId`, `${spec.id} is given twice`);
    seen.add(spec.id);
    if (input.source === 'promise') {
      if (!spec.promiseAllowed) throw unprocessable(IntakeErrorCode.PromiseNotAllowed, `${at}.source`, `${spec.name} does not allow a promise (告知承诺) instead of proof`);
      out.push({ materialId: spec.id, name: spec.name, source: 'promise', files: [], promise: input.promise });
    } else if (input.source === 'licence') {
      const type = input.licenceIdentifier.split('.')[5] ?? '';
      if (!spec.replaceableByLicenceTypes.includes(type)) {
        throw unprocessable(IntakeErrorCode.LicenceNotAllowed, `${at}.licenceIdentifier`, `${spec.name} cannot be replaced by an e-licence of type ${type}`, {
          allowed: spec.replaceableByLicenceTypes,
        });
      }
      out.push({
        materialId: spec.id,
        name: spec.name,
        source: 'licence',
        files: [],
        licenceIdentifier: input.licenceIdentifier,
        ...(input.shareId ? { shareId: input.shareId } : {}),
      });
    } else {
      for (const id of input.fileIds) {
        if (fileIds.has(id)) throw unprocessable(IntakeErrorCode.FileUnknown, `${at}.fileIds`, `file ${id} is used twice`);
        fileIds.add(id);
      }
      const rows = await db.uploadedFile.findMany({ where: { id: { in: input.fileIds }, ownerUserId: uploaderId, applicationNo: null } });
      if (rows.length !== input.fileIds.length) {
        const found = new Set(rows.map((r) => r.id));
        throw unprocessable(IntakeErrorCode.FileUnknown, `${at}.fileIds`, 'unknown file, not uploaded by you, or already attached to an application', {
          fileIds: input.fileIds.filter((f) => !found.has(f)),
        });
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      const files = input.fileIds.flatMap((id) => {
        const r = byId.get(id);
        return r ? [{ id: r.id, bucket: r.bucket, key: r.key, name: r.name, sha256: r.sha256, contentType: r.contentType, size: r.size }] : [];
      });
      out.push({ materialId: spec.id, name: spec.name, source: 'upload', files });
    }
  }
  return out;
}

/** Required materials not provided, split into main (block submission) and minor (容缺 possible). */
export function missingRequired(specs: readonly MaterialSpec[], providedIds: Iterable<string>): { main: MaterialSpec[]; minor: MaterialSpec[] } {
  const provided = new Set(providedIds);
  const missing = specs.filter((m) => m.required && !provided.has(m.id));
  return { main: missing.filter((m) => m.main), minor: missing.filter((m) => !m.main) };
}

/** Whether the implementation serves this kind of applicant (服务对象: 1 自然人; 2-6 organisations). */
export function servesApplicant(snapshot: ImplementationSnapshot, applicant: PartyIdentity): boolean {
  return applicant.kind === 'person' ? snapshot.audiences.includes('1') : snapshot.audiences.some((a) => a !== '1');
}

/** Rows for `application_material`. */
export function materialRows(no: string, materials: readonly ResolvedMaterial[], round: number): Prisma.ApplicationMaterialCreateManyInput[] {
  return materials.map((m) => ({
    applicationNo: no,
    materialId: m.materialId,
    name: m.name,
    source: m.source,
    files: m.files.map((f) => ({ fileId: f.id, bucket: f.bucket, key: f.key, name: f.name, sha256: f.sha256, contentType: f.contentType, size: f.size })),
    licenceIdentifier: m.licenceIdentifier ?? null,
    promise: m.promise ?? null,
    round,
    current: true,
  }));
}

/** Attaches the files of these materials to the application; false when one was taken meanwhile. */
export async function attachFiles(tx: IntakeTx, no: string, materials: readonly ResolvedMaterial[]): Promise<boolean> {
  const ids = materials.flatMap((m) => m.files.map((f) => f.id));
  if (ids.length === 0) return true;
  const res = await tx.uploadedFile.updateMany({ where: { id: { in: ids }, applicationNo: null }, data: { applicationNo: no } });
  return res.count === ids.length;
}

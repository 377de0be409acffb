import type { ImplementationSnapshot, MaterialInput, MaterialSpec, PartyIdentity } from '@hall/contracts';
import type { AppError } from '@hall/platform';
import type { LicenceHolding, Prisma } from '../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import {
  checkHeldLicence,
  HOLDING_STATUS_LABELS,
  LICENCE_PROBLEM_MESSAGES,
  typeReplaces,
  type LicenceProblem,
} from '../licences/licence-holding.js';
import { attachUploads, unattachedUploadsOf } from '../files/uploaded-file.repository.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';
import { findHolding } from '../licences/licence-holding.repository.js';

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
  /** 免提交: the type the licence read model holds and when the reference was checked. */
  licenceTypeCode?: string;
  licenceCheckedAt?: Date;
  promise?: string;
}

/** Where `resolveMaterials` finds the uploads and e-licences named (the service's client or a transaction of it). */
export interface MaterialLookups {
  /** The user's uploads among `ids` not attached to an application or enquiry yet. */
  unattachedUploads(ownerUserId: string, ids: readonly string[]): Promise<FileRef[]>;
  holding(identifier: string): Promise<LicenceHolding | null>;
}

/** `MaterialLookups` through the ORM, on the client or one of its transactions. */
export function materialLookupsOf(db: IntakeDb): MaterialLookups {
  return {
    unattachedUploads: (ownerUserId, ids) => unattachedUploadsOf(db, ownerUserId, ids),
    holding: (identifier) => findHolding(db, identifier),
  };
}

export interface ResolveContext {
  /** Who uploaded the files (the submitting user: applicant or 代办 clerk). */
  uploaderId: string;
  /** The applicant's ID number or USCC: an e-licence must be held by them. */
  holderIdNumber: string;
  now: Date;
  /** Prefix of error fields. */
  field?: string;
}

/**
 * Checks provided materials against the version's material list: known ids, each once, 告知承诺 only where
 * the material allows it, 免提交 only with an e-licence the applicant holds, valid now and of a type that
 * replaces the material (intake's licence read model; no call to the licence service), uploaded files that the
 * user uploaded and that are not attached to an application yet.
 */
export async function resolveMaterials(
  lookups: MaterialLookups,
  snapshot: ImplementationSnapshot,
  inputs: readonly MaterialInput[],
  ctx: ResolveContext,
): Promise<ResolvedMaterial[]> {
  const { uploaderId, field = 'materials' } = ctx;
  const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const fileIds = new Set<string>();
  const out: ResolvedMaterial[] = [];
  // Every uploaded file the materials name, read once (issue 22: not one statement per material).
  const named = [...new Set(inputs.flatMap((m) => ('fileIds' in m ? m.fileIds : [])))];
  const uploaded = new Map(
    (named.length > 0 ? await lookups.unattachedUploads(uploaderId, named) : []).map((r) => [r.id, r]),
  );
  for (const [i, input] of inputs.entries()) {
    const at = `${field}.${i}`;
    const spec = specs.get(input.materialId);
    if (!spec)
      throw unprocessable(
        IntakeErrorCode.MaterialUnknown,
        `${at}.materialId`,
        `${input.materialId} is not a material of this implementation`,
      );
    if (seen.has(spec.id))
      throw unprocessable(IntakeErrorCode.MaterialDuplicate, `${at}.materialId`, `${spec.id} is given twice`);
    seen.add(spec.id);
    if (input.source === 'promise') {
      if (!spec.promiseAllowed)
        throw unprocessable(
          IntakeErrorCode.PromiseNotAllowed,
          `${at}.source`,
          `${spec.name} does not allow a promise (告知承诺) instead of proof`,
        );
      out.push({
        materialId: spec.id,
        name: spec.name,
        source: 'promise',
        files: [],
        promise: input.promise,
      });
    } else if (input.source === 'licence') {
      const type = input.licenceIdentifier.split('.')[5] ?? '';
      if (!typeReplaces(spec.replaceableByLicenceTypes, type)) {
        throw unprocessable(
          IntakeErrorCode.LicenceNotAllowed,
          `${at}.licenceIdentifier`,
          `${spec.name} cannot be replaced by an e-licence of type ${type}`,
          {
            allowed: spec.replaceableByLicenceTypes,
          },
        );
      }
      const holding = await lookups.holding(input.licenceIdentifier);
      const problem = checkHeldLicence(holding, {
        holderIdNumber: ctx.holderIdNumber,
        replaceableByLicenceTypes: spec.replaceableByLicenceTypes,
        now: ctx.now,
      });
      if (problem || !holding)
        throw licenceProblem(
          problem ?? 'not-held',
          `${at}.licenceIdentifier`,
          spec,
          input.licenceIdentifier,
          holding,
        );
      out.push({
        materialId: spec.id,
        name: spec.name,
        source: 'licence',
        files: [],
        licenceIdentifier: input.licenceIdentifier,
        licenceTypeCode: holding.licenceTypeCode,
        licenceCheckedAt: ctx.now,
      });
    } else {
      for (const id of input.fileIds) {
        if (fileIds.has(id))
          throw unprocessable(IntakeErrorCode.FileUnknown, `${at}.fileIds`, `file ${id} is used twice`);
        fileIds.add(id);
      }
      const rows = input.fileIds.flatMap((id) => uploaded.get(id) ?? []);
      if (rows.length !== input.fileIds.length) {
        const found = new Set(rows.map((r) => r.id));
        throw unprocessable(
          IntakeErrorCode.FileUnknown,
          `${at}.fileIds`,
          'unknown file, not uploaded by you, or already attached to an application',
          {
            fileIds: input.fileIds.filter((f) => !found.has(f)),
          },
        );
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      const files = input.fileIds.flatMap((id) => {
        const r = byId.get(id);
        return r
          ? [
              {
                id: r.id,
                bucket: r.bucket,
                key: r.key,
                name: r.name,
                sha256: r.sha256,
                contentType: r.contentType,
                size: r.size,
              },
            ]
          : [];
      });
      out.push({ materialId: spec.id, name: spec.name, source: 'upload', files });
    }
  }
  return out;
}

const PROBLEM_CODES: Readonly<Record<LicenceProblem, string>> = {
  'not-held': IntakeErrorCode.LicenceNotHeld,
  'not-valid': IntakeErrorCode.LicenceNotValid,
  expired: IntakeErrorCode.LicenceExpired,
  'type-not-replacing': IntakeErrorCode.LicenceNotAllowed,
};

type ProblemSpec = Pick<MaterialSpec, 'id' | 'name' | 'replaceableByLicenceTypes'>;
type ProblemFacts = Pick<LicenceHolding, 'status' | 'validUntil'> | null;

/** What a 免提交 problem is about: the material, the licence, the problem and the fact behind it. */
export function licenceProblemDetails(
  problem: LicenceProblem,
  spec: ProblemSpec,
  identifier: string,
  holding: ProblemFacts,
): Record<string, unknown> {
  return {
    materialId: spec.id,
    materialName: spec.name,
    licenceIdentifier: identifier,
    problem,
    message: LICENCE_PROBLEM_MESSAGES[problem],
    ...(problem === 'not-valid'
      ? { status: holding?.status, statusLabel: HOLDING_STATUS_LABELS[holding?.status ?? ''] }
      : {}),
    ...(problem === 'expired' ? { validUntil: holding?.validUntil } : {}),
    ...(problem === 'type-not-replacing' ? { allowed: spec.replaceableByLicenceTypes } : {}),
  };
}

/** The 422 for a 免提交 reference that does not stand: names the material, the licence and the problem. */
export function licenceProblem(
  problem: LicenceProblem,
  field: string,
  spec: ProblemSpec,
  identifier: string,
  holding: ProblemFacts,
): AppError {
  return unprocessable(
    PROBLEM_CODES[problem],
    field,
    `${spec.name} (${spec.id}): ${LICENCE_PROBLEM_MESSAGES[problem]}`,
    licenceProblemDetails(problem, spec, identifier, holding),
  );
}

/** Required materials not provided, split into main (block submission) and minor (容缺 possible). */
export function missingRequired(
  specs: readonly MaterialSpec[],
  providedIds: Iterable<string>,
): { main: MaterialSpec[]; minor: MaterialSpec[] } {
  const provided = new Set(providedIds);
  const missing = specs.filter((m) => m.required && !provided.has(m.id));
  return { main: missing.filter((m) => m.main), minor: missing.filter((m) => !m.main) };
}

/** Whether the implementation serves this kind of applicant (服务对象: 1 自然人; 2-6 organisations). */
export function servesApplicant(snapshot: ImplementationSnapshot, applicant: PartyIdentity): boolean {
  return applicant.kind === 'person'
    ? snapshot.audiences.includes('1')
    : snapshot.audiences.some((a) => a !== '1');
}

/** Rows for `application_material`. */
export function materialRows(
  no: string,
  materials: readonly ResolvedMaterial[],
  round: number,
): Prisma.ApplicationMaterialCreateManyInput[] {
  return materials.map((m) => ({
    applicationNo: no,
    materialId: m.materialId,
    name: m.name,
    source: m.source,
    files: m.files.map((f) => ({
      fileId: f.id,
      bucket: f.bucket,
      key: f.key,
      name: f.name,
      sha256: f.sha256,
      contentType: f.contentType,
      size: f.size,
    })),
    licenceIdentifier: m.licenceIdentifier ?? null,
    licenceTypeCode: m.licenceTypeCode ?? null,
    licenceCheckedAt: m.licenceCheckedAt ?? null,
    promise: m.promise ?? null,
    round,
    current: true,
  }));
}

/** Attaches the files of these materials to the application; false when one was taken meanwhile. */
export async function attachFiles(
  tx: IntakeTx,
  no: string,
  materials: readonly ResolvedMaterial[],
): Promise<boolean> {
  return attachUploads(
    tx,
    no,
    materials.flatMap((m) => m.files.map((f) => f.id)),
  );
}

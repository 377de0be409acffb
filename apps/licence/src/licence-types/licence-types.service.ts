import { LicenceFieldEntry, type ImplementationSnapshot, type LicenceTypeView } from '@hall/contracts';
import type { LicenceStore, LicenceTx } from '../licence.store.js';
import {
  allLicenceTypes,
  appliedImplementationVersion,
  findLicenceType,
  implementationHandlingKind,
  saveImplementation,
  saveLicenceType,
} from './licence-type.repository.js';

const entries = (v: unknown): LicenceFieldEntry[] =>
  Array.isArray(v)
    ? v.flatMap((x) => {
        const p = LicenceFieldEntry.safeParse(x);
        return p.success ? [p.data] : [];
      })
    : [];

/** Licence types (证照类型) as the catalog's published implementations define them (read model). */
export class LicenceTypesService {
  constructor(private readonly store: LicenceStore) {}

  /**
   * Applies a published snapshot: one row per result licence type and issuing body. Versions may arrive out of
   * order (replays, redelivery): a snapshot older than the one already applied changes nothing.
   */
  async apply(tx: LicenceTx, snapshot: ImplementationSnapshot): Promise<void> {
    const current = await appliedImplementationVersion(tx, snapshot.implementationCode);
    if (current !== undefined && current > snapshot.version) return;
    await saveImplementation(tx, snapshot.implementationCode, {
      version: snapshot.version,
      handlingKind: snapshot.baseItem.handlingKind ?? null,
    });
    for (const r of snapshot.results) {
      // 出证机构: the competent body the catalog names for this result, else the implementing body.
      const body = r.issuingBody ?? snapshot.implementingBody;
      const data = {
        issuerName: body.name,
        departmentCode: body.departmentCode,
        name: r.name,
        validityMonths: r.validityMonths,
        fields: r.fields,
        implementationCode: snapshot.implementationCode,
        implementationVersion: snapshot.version,
      };
      await saveLicenceType(tx, r.licenceTypeCode, body.uscc, data);
    }
  }

  async find(tx: LicenceTx, code: string, issuerUscc: string): Promise<LicenceTypeView | undefined> {
    const row = await findLicenceType(tx, code, issuerUscc);
    return row ? licenceTypeView(row) : undefined;
  }

  /** 业务办理项 of an implementation (new/change/renew/cancel), when its snapshot said. */
  async handlingKind(tx: LicenceTx, implementationCode: string): Promise<string | undefined> {
    return implementationHandlingKind(tx, implementationCode);
  }

  async list(): Promise<LicenceTypeView[]> {
    return (await allLicenceTypes(this.store.prisma)).map(licenceTypeView);
  }
}

/** The view of a licence type row (the client's, or the issuance's raw read). */
export function licenceTypeView(row: {
  code: string;
  name: string;
  issuerName: string;
  issuerUscc: string;
  departmentCode: string;
  validityMonths: number;
  fields: unknown;
  template: string;
  implementationCode: string;
  implementationVersion: number;
}): LicenceTypeView {
  return {
    code: row.code,
    name: row.name,
    issuer: { name: row.issuerName, uscc: row.issuerUscc, departmentCode: row.departmentCode },
    validityMonths: row.validityMonths,
    fields: entries(row.fields),
    template: row.template,
    implementationCode: row.implementationCode,
    implementationVersion: row.implementationVersion,
  };
}

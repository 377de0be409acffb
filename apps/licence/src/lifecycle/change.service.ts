import type { CurrentUser } from '@hall/auth';
import type { LicenceChanged } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { RENEWABLE_STATUSES, type IssuanceService } from '../issuance/issuance.service.js';
import { buildLicenceIdentifier } from '../identifier/licence-identifier.js';
import { LicenceErrorCode, licenceNotFound } from '../licence.errors.js';
import type { LicenceStore } from '../licence.store.js';
import { isIssuingOfficer, knowsLicence } from '../access/licence-access.js';
import { asStatus, fieldsOf, lockLicence, STATUS_LABELS } from '../records/licence.repository.js';
import { actorOf } from './lifecycle.service.js';

export interface LicenceChangeInput {
  reason: string;
  /** Data fields to change, label → new value (a label the licence does not have yet is appended). */
  fields?: Record<string, string> | undefined;
  /** The holder's new name (e.g. 名称变更 of a business); the holder code never changes. */
  holderName?: string | undefined;
}

/**
 * 变更 by an officer of the issuing department: a new version of the licence (same serial, version + 1, new
 * check character, same validity) with the changed fields, linked to the previous one, which becomes
 * 失效（已换发） — all in one transaction with `licence.issued` and `licence.expired`.
 */
export class LicenceChangeService {
  constructor(
    private readonly store: LicenceStore,
    private readonly issuance: IssuanceService,
    private readonly clock: Clock,
    private readonly afterIssue: () => void,
  ) {}

  async change(user: CurrentUser, identifier: string, input: LicenceChangeInput): Promise<LicenceChanged> {
    const result = await this.store.messaging.transaction(async (tx) => {
      const row = await lockLicence(tx, identifier);
      if (!row) throw licenceNotFound(identifier);
      // Who may not know the licence exists gets the 404 of a missing one; the holder (who knows it) gets 403.
      if (!knowsLicence(user, row)) throw licenceNotFound(identifier);
      if (!isIssuingOfficer(user, row)) {
        throw new AppError(
          LicenceErrorCode.NotIssuingDepartment,
          'only an approver of the issuing department may change this licence',
          403,
          {
            departmentCode: row.departmentCode,
          },
        );
      }
      const status = asStatus(row.status);
      if (!RENEWABLE_STATUSES.has(status)) {
        throw AppError.conflict(
          LicenceErrorCode.IllegalTransition,
          `a licence that is ${STATUS_LABELS[status]} (${status}) cannot be changed`,
          { status, action: 'change' },
        );
      }
      const fields = fieldsOf(row);
      let changed = false;
      for (const [label, value] of Object.entries(input.fields ?? {})) {
        const at = fields.findIndex((f) => f.label === label);
        if (at < 0) fields.push({ label, value });
        else if (fields[at]?.value !== value) fields[at] = { label, value };
        else continue;
        changed = true;
      }
      const holderName = input.holderName ?? row.holderName;
      if (holderName !== row.holderName) changed = true;
      if (!changed)
        throw new AppError(
          LicenceErrorCode.NothingChanged,
          'the change names no field or holder name that differs from the licence',
          422,
        );
      const version = row.version + 1;
      const now = this.clock.now();
      const newIdentifier = buildLicenceIdentifier({
        typeCode: row.typeCode,
        issuerUscc: row.issuerUscc,
        serial: row.serial,
        version,
      });
      // 许可证编号 (computed: the licence identifier) names the new version.
      for (const [i, f] of fields.entries())
        if (f.value === row.identifier) fields[i] = { label: f.label, value: newIdentifier };
      return this.issuance.writeLicence(
        tx,
        {
          identifier: newIdentifier,
          name: row.name,
          typeCode: row.typeCode,
          version,
          previousIdentifier: row.identifier,
          holderKind: row.holderKind,
          holderName,
          holderIdType: row.holderIdType,
          holderIdNumber: row.holderIdNumber,
          issuerName: row.issuerName,
          issuerUscc: row.issuerUscc,
          jurisdiction: row.jurisdiction,
          issuedAt: now,
          validFrom: row.validFrom,
          validUntil: row.validUntil,
          fields,
          serial: row.serial,
          departmentCode: row.departmentCode,
          holderUserId: row.holderUserId,
          applicationNo: null,
          implementationCode: row.implementationCode,
          template: row.template,
        },
        actorOf(user),
        { row, reason: `变更：${input.reason}；已换发 ` },
      );
    });
    setTimeout(this.afterIssue, 0);
    return {
      identifier: result.identifier,
      previousIdentifier: identifier,
      status: 'valid' as const,
      statusLabel: STATUS_LABELS.valid,
    };
  }
}

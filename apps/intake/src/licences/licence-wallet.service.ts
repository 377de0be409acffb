import type { CurrentUser } from '@hall/auth';
import type { WalletLicenceQuery, WalletLicences } from '@hall/contracts';
import type { Clock } from '@hall/calendar';
import { applicantFromToken } from '../records/applicant-identity.js';
import { currentImplementation } from '../implementations/current-implementation.js';
import type { IntakeStore } from '../intake.store.js';
import { isoOrNull } from '../shared/instant.js';
import { checkHeldLicence, HOLDING_STATUS_LABELS } from './licence-holding.js';
import { holdingsOf } from './licence-holding.repository.js';

/**
 * "My e-licence wallet" (我的证照) as intake's read model knows it: the caller's own licences (holder = the token's
 * ID number or USCC). With `implementationCode`, only those that may stand for one of the current version's
 * materials now (valid, unexpired, of a replacing type), each with the materials it replaces.
 */
export class LicenceWalletService {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
  ) {}

  async list(user: CurrentUser, q: WalletLicenceQuery): Promise<WalletLicences> {
    const holderIdNumber = applicantFromToken(user, undefined).idNumber;
    const now = this.clock.now();
    const rows = await holdingsOf(this.store.prisma, holderIdNumber);
    const snapshot = q.implementationCode
      ? (await currentImplementation(this.store.prisma, q.implementationCode)).snapshot
      : undefined;
    const replaceable = snapshot?.materials.filter((m) => m.replaceableByLicenceTypes.length > 0) ?? [];
    const items = rows.flatMap((r) => {
      const usable =
        checkHeldLicence(r, { holderIdNumber, replaceableByLicenceTypes: [r.licenceTypeCode], now }) === null;
      const replaces = replaceable
        .filter(
          (m) =>
            checkHeldLicence(r, {
              holderIdNumber,
              replaceableByLicenceTypes: m.replaceableByLicenceTypes,
              now,
            }) === null,
        )
        .map((m) => ({ materialId: m.id, name: m.name }));
      if (snapshot && replaces.length === 0) return [];
      return [
        {
          identifier: r.identifier,
          licenceTypeCode: r.licenceTypeCode,
          name: r.name,
          status: r.status,
          statusLabel: HOLDING_STATUS_LABELS[r.status] ?? r.status,
          usable,
          issuedAt: isoOrNull(r.issuedAt),
          validFrom: isoOrNull(r.validFrom),
          validUntil: isoOrNull(r.validUntil),
          ...(snapshot ? { replaces } : {}),
        },
      ];
    });
    return {
      ...(q.implementationCode
        ? { implementationCode: q.implementationCode, implementationVersion: snapshot?.version }
        : {}),
      items,
    };
  }
}

import { isRegionCode, regionPrefix, type CurrentUser } from '@hall/auth';
import {
  LicenceFilter,
  type LicenceAccessLog,
  type LicenceDetail,
  type LicencePage,
  type LicenceView,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { ObjectStorage } from '@hall/storage';
import type { Clock } from '@hall/calendar';
import { accessEntries, logAccess } from '../access/access-log.repository.js';
import { accessDenied, LicenceErrorCode, licenceNotFound } from '../licence.errors.js';
import type { LicenceStore } from '../licence.store.js';
import { validityLabel } from '../render/licence-pdf.js';
import { qrText } from '../signing/qr-payload.js';
import { holderCodeOf, knowsLicence } from '../access/licence-access.js';
import { qrBoundRecord } from '../records/directory-record.js';
import {
  asStatus,
  fieldsOf,
  findLicence,
  licenceData,
  pageLicences,
  STATUS_LABELS,
  statusHistory,
  type LicenceRow,
  type LicenceScope,
} from '../records/licence.repository.js';

export class LicencesService {
  constructor(
    private readonly store: LicenceStore,
    private readonly storage: ObjectStorage | undefined,
    private readonly clock: Clock,
    private readonly verifyUrl: string,
  ) {}

  view(row: LicenceRow): LicenceView {
    const status = asStatus(row.status);
    return {
      identifier: row.identifier,
      name: row.name,
      typeCode: row.typeCode,
      version: row.version,
      previousIdentifier: row.previousIdentifier,
      supersededBy: row.supersededBy,
      status,
      statusLabel: STATUS_LABELS[status],
      statusReason: row.statusReason,
      statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
      holder: {
        kind: row.holderKind,
        name: row.holderName,
        idType: row.holderIdType,
        idNumber: row.holderIdNumber,
      },
      issuer: { name: row.issuerName, uscc: row.issuerUscc, departmentCode: row.departmentCode },
      applicationNo: row.applicationNo,
      jurisdiction: row.jurisdiction,
      issuedAt: row.issuedAt.toISOString(),
      validFrom: row.validFrom.toISOString(),
      validUntil: row.validUntil?.toISOString() ?? null,
      validity: validityLabel(row),
      fields: fieldsOf(row),
      signature: { algorithm: 'SM2-SM3', keyId: row.keyId, value: row.signature },
      qrText: qrText(this.verifyUrl, row.qrPayload),
      qrRecord: qrBoundRecord(licenceData(row)),
      pdf: { status: row.renderStatus, sha256: row.pdfSha256 },
    };
  }

  async find(identifier: string): Promise<LicenceRow> {
    const row = await findLicence(this.store.prisma, identifier);
    if (!row) throw licenceNotFound(identifier);
    return row;
  }

  /**
   * The holder or an officer of the issuing department; anyone else gets the 404 of a missing licence (they may
   * not learn that it exists, issue 18 finding 14) and nothing is logged.
   */
  private async readable(user: CurrentUser, identifier: string): Promise<LicenceRow> {
    const row = await this.find(identifier);
    if (!knowsLicence(user, row)) throw licenceNotFound(identifier);
    return row;
  }

  async get(user: CurrentUser, identifier: string): Promise<LicenceDetail> {
    const row = await this.readable(user, identifier);
    await logAccess(this.store.prisma, { identifier, action: 'view', user, at: this.clock.now() });
    const history = await statusHistory(this.store.prisma, identifier);
    return {
      ...this.view(row),
      history: history.map((h) => ({
        from: h.fromStatus,
        to: h.toStatus,
        reason: h.reason,
        by: h.actorName,
        at: h.at.toISOString(),
      })),
    };
  }

  /** 我的证照: the licences whose holder code is the token's ID number or USCC (paged, filtered). */
  async mine(user: CurrentUser, filter: LicenceFilter = LicenceFilter.parse({})): Promise<LicencePage> {
    const code = holderCodeOf(user);
    if (!user.roles.includes('applicant') || !code)
      throw new AppError(
        LicenceErrorCode.NotHolder,
        'the token carries no ID number or USCC of a holder',
        403,
      );
    return this.page({ holderIdNumber: code }, filter);
  }

  /** An issuing department's licences within the approver's region (paged, filtered). */
  async ofDepartment(
    user: CurrentUser,
    filter: LicenceFilter = LicenceFilter.parse({}),
  ): Promise<LicencePage> {
    if (!user.roles.includes('approver') || !user.department || !user.region || !isRegionCode(user.region))
      throw accessDenied('list your own licences with ?mine=1');
    return this.page(
      { departmentCode: user.department, jurisdictionPrefix: regionPrefix(user.region) },
      filter,
    );
  }

  private async page(scope: LicenceScope, f: LicenceFilter): Promise<LicencePage> {
    const { total, rows, facets } = await pageLicences(this.store.prisma, scope, f);
    const uniq = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
    return {
      total,
      page: f.page,
      pageSize: f.pageSize,
      items: rows.map((r) => this.view(r)),
      facets: {
        types: uniq(
          facets.map((x) => ({ code: x.typeCode, name: x.name })),
          (x) => x.code,
        ),
        statuses: uniq(
          facets.map((x) => ({ status: asStatus(x.status), label: STATUS_LABELS[asStatus(x.status)] })),
          (x) => x.status,
        ),
        issuers: uniq(
          facets.map((x) => ({ uscc: x.issuerUscc, name: x.issuerName })),
          (x) => x.uscc,
        ),
      },
    };
  }

  async pdf(user: CurrentUser, identifier: string): Promise<{ name: string; body: Buffer }> {
    const row = await this.readable(user, identifier);
    // 签章失效: the PDF carries a signature made with a revoked key; it is not handed out as a document.
    if (row.status === 'invalidated') {
      throw AppError.conflict(
        LicenceErrorCode.LicenceNotUsable,
        'the key that signed this licence was revoked; the issuing department re-signs it before it can be used',
        {
          status: row.status,
        },
      );
    }
    const body = await this.storedPdf(row);
    await logAccess(this.store.prisma, { identifier, action: 'pdf', user, at: this.clock.now() });
    return { name: `${row.name}-${row.identifier}.pdf`, body };
  }

  async storedPdf(row: LicenceRow): Promise<Buffer> {
    if (row.renderStatus !== 'done' || !row.pdfKey || !row.pdfSha256) {
      throw new AppError(
        LicenceErrorCode.NotRendered,
        'the licence PDF is being rendered; try again shortly',
        409,
        { renderStatus: row.renderStatus },
      );
    }
    if (!this.storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    return this.storage.readBuffer(this.storage.buckets.licences, row.pdfKey, row.pdfSha256);
  }

  async accessLog(user: CurrentUser, identifier: string): Promise<LicenceAccessLog> {
    const row = await this.readable(user, identifier);
    const entries = await accessEntries(this.store.prisma, row.identifier);
    return {
      items: entries.map((e) => ({
        action: e.action,
        shareId: e.shareId,
        actor: e.actorName,
        role: e.actorRole,
        detail: e.detail,
        at: e.at.toISOString(),
      })),
    };
  }
}

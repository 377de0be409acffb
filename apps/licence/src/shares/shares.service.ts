import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '@hall/auth';
import {
  DEFAULT_SHARE_DAYS,
  MAX_SHARE_DAYS,
  type CreateShareBody,
  type ResolvedShare,
  type ShareGrant,
  type ShareRevoked,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { Clock } from '@hall/calendar';
import { logAccess } from '../access/access-log.repository.js';
import { hasTaskDepartment } from '../access/task-department.repository.js';
import { accessDenied, LicenceErrorCode, licenceNotFound } from '../licence.errors.js';
import type { LicenceStore } from '../licence.store.js';
import { chinaDate, chinaDateLabel, DAY_MS } from '../dates/china-date.js';
import { handlesApplication, isHolder, knowsLicence } from '../access/licence-access.js';
import type { LicencesService } from '../licences/licences.service.js';
import type { LicencePdfRenderer } from '../render/licence-pdf-pool.js';
import { printable } from '../render/render.worker.js';
import type { SigningKeysService } from '../signing/signing-keys.service.js';
import { createShare, findShare, revokeShare } from './share.repository.js';
import { qrText } from '../signing/qr-payload.js';

/** The watermark of shared copies: use-limited, with the authorisation's end date. */
export function shareWatermark(expiresAt: Date): string {
  return `仅供办理政务服务事项时使用，有效期至${chinaDateLabel(chinaDate(expiresAt))}`;
}

/**
 * 免提交 sharing: the holder authorises one licence for one application until a date; the intake service (a
 * clerk's or approver's token) resolves the authorisation into the licence data and a watermarked copy. Every
 * step is in the access log.
 */
export class SharesService {
  constructor(
    private readonly store: LicenceStore,
    private readonly licences: LicencesService,
    private readonly clock: Clock,
    private readonly verifyUrl: string,
    private readonly keys: SigningKeysService,
    private readonly pdfs: LicencePdfRenderer,
  ) {}

  async create(user: CurrentUser, body: CreateShareBody): Promise<ShareGrant> {
    const row = await this.licences.find(body.identifier);
    if (!isHolder(user, row)) {
      // Only the issuing department may know a licence it does not hold; anyone else gets the 404 of a missing one.
      if (!knowsLicence(user, row)) throw licenceNotFound(body.identifier);
      throw new AppError(LicenceErrorCode.NotHolder, 'only the holder may share this licence', 403);
    }
    if (row.status !== 'valid')
      throw AppError.conflict(
        LicenceErrorCode.LicenceNotUsable,
        `the licence is not valid (${row.status}) and cannot be shared`,
        { status: row.status },
      );
    const now = this.clock.now();
    const expiresAt = body.expiresAt
      ? new Date(body.expiresAt)
      : new Date(now.getTime() + DEFAULT_SHARE_DAYS * DAY_MS);
    if (expiresAt <= now) throw AppError.validation('expiresAt', 'must be in the future');
    if (expiresAt.getTime() - now.getTime() > MAX_SHARE_DAYS * DAY_MS)
      throw AppError.validation('expiresAt', `at most ${MAX_SHARE_DAYS} days ahead`);
    const id = randomUUID();
    await this.store.prisma.$transaction(async (tx) => {
      await createShare(tx, {
        id,
        identifier: row.identifier,
        applicationNo: body.applicationNo,
        holderIdNumber: row.holderIdNumber,
        createdBy: user.id,
        expiresAt,
      });
      await logAccess(tx, {
        identifier: row.identifier,
        action: 'share-create',
        user,
        shareId: id,
        detail: `application ${body.applicationNo}`,
        at: now,
      });
    });
    return {
      shareId: id,
      identifier: row.identifier,
      applicationNo: body.applicationNo,
      expiresAt: expiresAt.toISOString(),
      watermark: shareWatermark(expiresAt),
    };
  }

  async revoke(user: CurrentUser, shareId: string): Promise<ShareRevoked> {
    const share = z.uuid().safeParse(shareId).success
      ? await findShare(this.store.prisma, shareId)
      : undefined;
    // Anyone but the holder gets the 404 of a missing share: a share id reveals nothing to whoever may not withdraw it.
    if (!share || !isHolder(user, share.licence))
      throw new AppError(LicenceErrorCode.ShareNotFound, `share ${shareId} not found`, 404);
    const now = this.clock.now();
    await revokeShare(this.store.prisma, shareId, now);
    await logAccess(this.store.prisma, {
      identifier: share.identifier,
      action: 'share-revoke',
      user,
      shareId,
      at: now,
    });
    return { shareId, revoked: true };
  }

  private async usable(user: CurrentUser, shareId: string, applicationNo: string) {
    if (!user.roles.includes('clerk') && !user.roles.includes('approver'))
      throw accessDenied('shared licences are resolved by window clerks and approvers');
    const notFound = new AppError(LicenceErrorCode.ShareNotFound, `share ${shareId} not found`, 404);
    // Only staff handling the application the copy is asked for, under intake's material-access rule (checked before
    // the share is looked up, with the answer of a missing share: no existence leak).
    const hasTask = (departmentCode: string) =>
      hasTaskDepartment(this.store.prisma, applicationNo, departmentCode);
    if (!(await handlesApplication(user, applicationNo, hasTask))) throw notFound;
    const share = z.uuid().safeParse(shareId).success
      ? await findShare(this.store.prisma, shareId)
      : undefined;
    if (!share) throw notFound;
    const now = this.clock.now();
    if (share.applicationNo !== applicationNo) {
      throw new AppError(
        LicenceErrorCode.ShareScopeMismatch,
        'the holder authorised this licence for another application',
        403,
        { applicationNo },
      );
    }
    if (share.revokedAt || share.expiresAt <= now)
      throw new AppError(
        LicenceErrorCode.ShareExpired,
        'the authorisation has expired or was withdrawn',
        410,
      );
    if (share.licence.status !== 'valid') {
      throw AppError.conflict(
        LicenceErrorCode.LicenceNotUsable,
        `the licence is not valid (${share.licence.status})`,
        { status: share.licence.status },
      );
    }
    return { share, now };
  }

  /** The shared licence's data (for intake to attach it as a material). */
  async resolve(user: CurrentUser, shareId: string, applicationNo: string): Promise<ResolvedShare> {
    const { share, now } = await this.usable(user, shareId, applicationNo);
    await logAccess(this.store.prisma, {
      identifier: share.identifier,
      action: 'share-view',
      user,
      shareId,
      detail: `application ${applicationNo}`,
      at: now,
    });
    const view = this.licences.view(share.licence);
    return {
      shareId,
      applicationNo,
      expiresAt: share.expiresAt.toISOString(),
      watermark: shareWatermark(share.expiresAt),
      pdfPath: `/api/licence/shares/${shareId}/pdf?applicationNo=${applicationNo}`,
      licence: view,
    };
  }

  /**
   * A watermarked copy ("仅供办理政务服务事项时使用，有效期至…" on every page), rendered for this access and signed
   * with the licence's key like the stored PDF (the watermark is part of what is signed).
   */
  async pdf(
    user: CurrentUser,
    shareId: string,
    applicationNo: string,
  ): Promise<{ name: string; body: Buffer }> {
    const { share, now } = await this.usable(user, shareId, applicationNo);
    const body = await this.pdfs.render(printable(share.licence), {
      qrText: qrText(this.verifyUrl, share.licence.qrPayload),
      watermark: shareWatermark(share.expiresAt),
      signature: { signer: await this.keys.pdfSigner(share.licence.keyId), signingTime: now },
    });
    await logAccess(this.store.prisma, {
      identifier: share.identifier,
      action: 'share-pdf',
      user,
      shareId,
      detail: `application ${applicationNo}`,
      at: now,
    });
    return { name: `${share.licence.name}-共享副本.pdf`, body };
  }
}

import { isRegionCode, type CurrentUser } from '@hall/auth';
import {
  LicenceCancelled,
  LicenceExpired,
  LicenceInvalidated,
  LicenceRestored,
  LicenceRevoked,
  LicenceSuspended,
  SYSTEM_ACTOR,
  type Actor,
  type EventContract,
  type LicenceResigned,
  type LicenceStatusChanged,
  type LicenceStatusChangedPayload,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { LicenceErrorCode, licenceNotFound } from '../licence.errors.js';
import type { LicenceStore, LicenceTx } from '../licence.store.js';
import { isIssuingOfficer, knowsLicence } from '../access/licence-access.js';
import {
  asStatus,
  expiredBefore,
  lockLicence,
  moveStatus,
  signedByKey,
  STATUS_LABELS,
  statusBeforeInvalidation,
  type LicenceRow,
  type LicenceStatus,
} from '../records/licence.repository.js';

export type LifecycleAction = 'suspend' | 'restore' | 'revoke' | 'cancel';

interface Transition {
  from: readonly LicenceStatus[];
  to: LicenceStatus;
  event: EventContract<string, typeof LicenceSuspended.payload>;
}

/**
 * Status changes (行政许可法 arts. 8, 69, 70 and sector practice): 暂扣 suspend (valid → suspended), restore
 * (suspended → valid), 撤销 revoke / 吊销 penalty withdrawal (valid|suspended → revoked|withdrawn), 注销 cancel
 * (valid|suspended → cancelled), 失效 expiry by the scheduler (valid|suspended → expired). Anything else is 409.
 */
const TRANSITIONS: Readonly<Record<LifecycleAction | 'withdraw' | 'expire' | 'invalidate', Transition>> = {
  suspend: { from: ['valid'], to: 'suspended', event: LicenceSuspended },
  restore: { from: ['suspended'], to: 'valid', event: LicenceRestored },
  revoke: { from: ['valid', 'suspended'], to: 'revoked', event: LicenceRevoked },
  withdraw: { from: ['valid', 'suspended'], to: 'withdrawn', event: LicenceRevoked },
  cancel: { from: ['valid', 'suspended'], to: 'cancelled', event: LicenceCancelled },
  expire: { from: ['valid', 'suspended'], to: 'expired', event: LicenceExpired },
  /** 签章失效: its signing key was revoked (see invalidateSignedBy). */
  invalidate: { from: ['valid', 'suspended'], to: 'invalidated', event: LicenceInvalidated },
};

export interface ChangeInput {
  reason: string;
  /** revoke only: `penalty` = 吊销 (administrative penalty) instead of 撤销. */
  penalty?: boolean;
}

export function actorOf(user: CurrentUser): Actor {
  return {
    userId: user.id,
    name: user.name,
    role: 'approver',
    ...(user.department ? { department: user.department } : {}),
    ...(user.region && isRegionCode(user.region) ? { region: user.region } : {}),
  };
}

/** Signs a locked licence row again with the issuer's current key (IssuanceService.resign). */
export type Resigner = (tx: LicenceTx, row: LicenceRow) => Promise<{ kid: string }>;

export class LifecycleService {
  constructor(
    private readonly store: LicenceStore,
    private readonly clock: Clock,
    private readonly resigner?: Resigner,
    private readonly onResigned: () => void = () => undefined,
  ) {}

  /** An officer of the issuing department changes the status, with a reason; the event commits with it. */
  async change(
    user: CurrentUser,
    identifier: string,
    action: LifecycleAction,
    input: ChangeInput,
  ): Promise<LicenceStatusChanged> {
    const kind = action === 'revoke' && input.penalty ? 'withdraw' : action;
    return this.store.messaging.transaction(async (tx) => {
      const row = await this.lock(tx, identifier);
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
      return this.apply(tx, row, kind, input.reason, actorOf(user));
    });
  }

  /**
   * 重新签发 after a key revocation: the issuing department signs the same record again with its current key and the
   * licence returns to the status it had when it was invalidated (有效 → `licence.restored`, 暂扣 → `licence.suspended`),
   * so it is usable again everywhere; its PDF is rendered again. Anything but 签章失效 → 409.
   */
  async resign(user: CurrentUser, identifier: string, input: ChangeInput): Promise<LicenceResigned> {
    const resigner = this.resigner;
    if (!resigner) throw new Error('LifecycleService: no resigner configured');
    const result = await this.store.messaging.transaction(async (tx) => {
      const row = await this.lock(tx, identifier);
      if (!knowsLicence(user, row)) throw licenceNotFound(identifier);
      if (!isIssuingOfficer(user, row)) {
        throw new AppError(
          LicenceErrorCode.NotIssuingDepartment,
          'only an approver of the issuing department may re-sign this licence',
          403,
          {
            departmentCode: row.departmentCode,
          },
        );
      }
      const from = asStatus(row.status);
      if (from !== 'invalidated') {
        throw AppError.conflict(
          LicenceErrorCode.IllegalTransition,
          `only a licence whose signing key was revoked can be re-signed; this one is ${STATUS_LABELS[from]} (${from})`,
          {
            status: from,
            action: 'resign',
          },
        );
      }
      const back: LicenceStatus =
        (await statusBeforeInvalidation(tx, identifier)) === 'suspended' ? 'suspended' : 'valid';
      const { kid } = await resigner(tx, row);
      const reason = `重新签发（签名密钥 ${kid}）：${input.reason}`;
      const changed = await this.move(
        tx,
        row,
        from,
        back,
        back === 'suspended' ? LicenceSuspended : LicenceRestored,
        reason,
        actorOf(user),
      );
      return { ...changed, keyId: kid };
    });
    this.onResigned();
    return result;
  }

  /** 失效: every valid or suspended licence whose validity ended before the clock's now. */
  async expireDue(limit = 500): Promise<string[]> {
    const now = this.clock.now();
    const due = await expiredBefore(this.store.prisma, now, ['valid', 'suspended'], limit);
    const expired: string[] = [];
    for (const identifier of due) {
      const done = await this.store.messaging.transaction(async (tx) => {
        const row = await this.lock(tx, identifier);
        if (
          !row.validUntil ||
          row.validUntil >= now ||
          !TRANSITIONS.expire.from.includes(asStatus(row.status))
        )
          return false;
        await this.apply(tx, row, 'expire', '有效期届满', SYSTEM_ACTOR);
        return true;
      });
      if (done) expired.push(identifier);
    }
    return expired;
  }

  /**
   * Key revocation reaches every licence the key signed, in the revoking transaction: each valid or suspended one
   * becomes 签章失效 (`invalidated`, `licence.invalidated`), so the wallet, shares, share resolution, the PDF and
   * 免提交 (intake's read model follows the event) refuse it — not only public verification. Licences already
   * revoked, cancelled, expired or superseded keep their status. Returns the identifiers changed.
   */
  async invalidateSignedBy(tx: LicenceTx, kid: string, actor: Actor): Promise<string[]> {
    const signed = await signedByKey(tx, kid, TRANSITIONS.invalidate.from);
    const changed: string[] = [];
    for (const identifier of signed) {
      const row = await this.lock(tx, identifier);
      if (!TRANSITIONS.invalidate.from.includes(asStatus(row.status))) continue;
      await this.apply(
        tx,
        row,
        'invalidate',
        `签名密钥 ${kid} 已作废（密钥泄露或失控），证照签章失效，待发证机关重新签发`,
        actor,
      );
      changed.push(identifier);
    }
    return changed;
  }

  private async lock(tx: LicenceTx, identifier: string): Promise<LicenceRow> {
    const row = await lockLicence(tx, identifier);
    if (!row) throw licenceNotFound(identifier);
    return row;
  }

  private async apply(
    tx: LicenceTx,
    row: LicenceRow,
    kind: keyof typeof TRANSITIONS,
    reason: string,
    actor: Actor,
  ) {
    const t = TRANSITIONS[kind];
    const from = asStatus(row.status);
    if (!t.from.includes(from)) {
      throw AppError.conflict(
        LicenceErrorCode.IllegalTransition,
        `a licence that is ${STATUS_LABELS[from]} (${from}) cannot be ${kind === 'withdraw' ? 'revoked' : kind}d`,
        {
          status: from,
          action: kind,
        },
      );
    }
    return this.move(tx, row, from, t.to, t.event, reason, actor);
  }

  /** Writes a status change: the row, its history entry and the event, in the caller's transaction. */
  private async move(
    tx: LicenceTx,
    row: LicenceRow,
    from: LicenceStatus,
    to: LicenceStatus,
    event: Transition['event'],
    reason: string,
    actor: Actor,
  ): Promise<LicenceStatusChanged> {
    const at = this.clock.now();
    await moveStatus(tx, { identifier: row.identifier, from, to, reason, actor, at });
    const payload: LicenceStatusChangedPayload = {
      identifier: row.identifier,
      licenceTypeCode: row.typeCode,
      name: row.name,
      ...(row.applicationNo ? { applicationNo: row.applicationNo } : {}),
      holderIdNumber: row.holderIdNumber,
      issuerUscc: row.issuerUscc,
      departmentCode: row.departmentCode,
      occurredAt: at.toISOString(),
      actor,
      reason,
    };
    await this.store.messaging.stage(tx, event, payload);
    return {
      identifier: row.identifier,
      status: to,
      statusLabel: STATUS_LABELS[to],
      reason,
      changedAt: at.toISOString(),
    };
  }
}

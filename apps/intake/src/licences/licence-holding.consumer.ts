import type { LicenceIssuedPayload, LicenceStatusChangedPayload } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { IntakeTx } from '../intake.store.js';
import type { HoldingStatus } from './licence-holding.js';
import {
  createHolding,
  holdingStatusAt,
  updateHolding,
  type HoldingIssue,
} from './licence-holding.repository.js';

/**
 * Keeps intake's read model of e-licences (`licence_holding`) from the licence service's events, so a 免提交
 * reference is checked locally. Each handler runs in the consumer's transaction (inbox row + effect together,
 * so a redelivered event is skipped). Events of one licence may still arrive out of order (replays, another
 * partition after a rebalance): a status only moves to the one of a newer event (`statusAt`), and an issue that
 * arrives after a status change fills in the validity without resetting the status. The issue is written by the
 * completion consumer (`licence.issued`, on the raw executor: one statement with the issued licence).
 */

/** What `licence.issued` tells the read model (the completion consumer writes it with the issued licence). */
export function holdingIssueOf(p: LicenceIssuedPayload): HoldingIssue {
  return {
    ...identityOf(p),
    status: 'valid',
    statusAt: new Date(p.occurredAt),
    issuedAt: new Date(p.issuedAt),
    validFrom: new Date(p.validFrom),
    validUntil: p.validUntil === null ? null : new Date(p.validUntil),
  };
}

/** 暂扣 / 恢复 / 撤销·吊销 / 注销 / 失效 (incl. superseded by a renewal): the status of the newest event wins. */
export function onLicenceStatusView(status: HoldingStatus) {
  return async (p: LicenceStatusChangedPayload, { tx }: HandlerContext<IntakeTx>): Promise<void> => {
    const at = new Date(p.occurredAt);
    const change = { status, statusAt: at, statusReason: p.reason, supersededBy: p.supersededBy ?? null };
    const existing = await holdingStatusAt(tx, p.identifier);
    if (!existing) {
      await createHolding(tx, { ...identityOf(p), ...change });
    } else if (existing.statusAt <= at) {
      await updateHolding(tx, p.identifier, change);
    }
  };
}

function identityOf(p: LicenceIssuedPayload | LicenceStatusChangedPayload) {
  return {
    identifier: p.identifier,
    licenceTypeCode: p.licenceTypeCode,
    name: p.name,
    holderIdNumber: p.holderIdNumber,
    issuerUscc: p.issuerUscc,
    departmentCode: p.departmentCode,
  };
}

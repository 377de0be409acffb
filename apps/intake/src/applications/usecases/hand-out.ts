import { createHash, randomBytes } from 'node:crypto';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationDelivered, type ApplicationDeliverBody } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { IntakeErrorCode, unprocessable } from '../../intake.errors.js';
import { eventBase, statusMessage } from '../../records/application-record.js';
import { ApplicationStatus, mayStart } from '../../records/application-status.js';
import { actorOf, assertRelation } from '../application-access.js';
import type { WindowRepository } from '../window.repository.js';

/** How long after a window pickup its one-time window rating code (评价器) may be used. */
export const WINDOW_RATING_MINUTES = 30;

/** The one-time code for the counter's rating device, returned to the window on a pickup. */
export interface WindowRating {
  code: string;
  expiresAt: string;
}

/**
 * 出件: window pickup (pickup code checked) or post (tracking number), by a clerk, after completion. A window pickup
 * proves the applicant is present: it returns a one-time window rating code (评价器) for the counter's rating device,
 * whose hash goes to supervision with the event; supervision records one window rating with it, labelled as given
 * at the window, apart from the applicant's own online rating.
 */
export class HandOutResult {
  constructor(
    private readonly repo: WindowRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    user: CurrentUser,
    no: string,
    body: ApplicationDeliverBody,
  ): Promise<{ windowRating?: WindowRating }> {
    const app = await this.repo.load(no);
    assertRelation(user, app, ['clerk']);
    if (!mayStart('deliver', app.status)) {
      throw AppError.conflict(
        IntakeErrorCode.NotCompleted,
        `application ${no} is ${app.status}: only a completed (办结) application is delivered`,
        { status: app.status },
      );
    }
    if (body.method !== app.deliveryMethod) {
      throw unprocessable(
        IntakeErrorCode.DeliveryMethodMismatch,
        'method',
        `the applicant chose ${app.deliveryMethod}`,
      );
    }
    if (body.method === 'window' && body.pickupCode !== app.pickupCode) {
      throw unprocessable(IntakeErrorCode.PickupCodeMismatch, 'pickupCode', 'wrong pickup code (取件码)');
    }
    const now = this.clock.now();
    const actor = actorOf(user, 'clerk');
    const trackingNo = body.method === 'post' ? body.trackingNo : undefined;
    const windowRating =
      body.method === 'window'
        ? {
            code: randomBytes(16).toString('base64url'),
            expiresAt: new Date(now.getTime() + WINDOW_RATING_MINUTES * 60_000).toISOString(),
          }
        : undefined;
    await this.repo.transaction(async (w) => {
      await w.transition(app, {
        action: 'deliver',
        to: ApplicationStatus.Delivered,
        actor,
        at: now,
        data: { deliveredAt: now, ...(trackingNo ? { trackingNo } : {}) },
        notify: statusMessage(app, ApplicationStatus.Delivered, trackingNo ? `快递单号：${trackingNo}` : ''),
      });
      await w.stage(ApplicationDelivered, {
        ...eventBase(app, actor, now),
        method: body.method,
        ...(trackingNo ? { trackingNo } : {}),
        ...(windowRating
          ? {
              windowRating: {
                codeHash: createHash('sha256').update(windowRating.code).digest('hex'),
                expiresAt: windowRating.expiresAt,
              },
            }
          : {}),
      });
    });
    return windowRating ? { windowRating } : {};
  }
}

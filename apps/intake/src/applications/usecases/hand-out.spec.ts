import { createHash } from 'node:crypto';
import { ManualClock } from '@hall/calendar';
import { IntakeErrorCode } from '../../intake.errors.js';
import { APP_NO, CLERK, InMemoryWindowRepository, applicationRow } from '../testing/in-memory-window.js';

import { HandOutResult } from './hand-out.js';

const clock = new ManualClock('2026-03-20T02:00:00.000Z');
const completed = (over = {}) =>
  new InMemoryWindowRepository(applicationRow({ status: 'completed', pickupCode: '123456', ...over }));

describe('HandOutResult (出件)', () => {
  it('window pickup with the right code: delivered, and a one-time rating code whose hash goes with the event', async () => {
    const repo = completed();
    const { windowRating } = await new HandOutResult(repo, clock).execute(CLERK, APP_NO, {
      method: 'window',
      pickupCode: '123456',
    });
    expect(windowRating?.expiresAt).toBe('2026-03-20T02:30:00.000Z');
    expect(repo.all.transitions[0]).toMatchObject({ to: 'delivered' });
    expect(repo.all.events[0]?.payload).toMatchObject({
      method: 'window',
      windowRating: {
        codeHash: createHash('sha256')
          .update(windowRating?.code ?? '')
          .digest('hex'),
      },
    });
  });

  it('a wrong pickup code, another method than chosen, or not completed: refused, nothing written', async () => {
    const repo = completed();
    const use = new HandOutResult(repo, clock);
    await expect(
      use.execute(CLERK, APP_NO, { method: 'window', pickupCode: '000000' }),
    ).rejects.toMatchObject({
      code: IntakeErrorCode.PickupCodeMismatch,
    });
    await expect(use.execute(CLERK, APP_NO, { method: 'post', trackingNo: 'SF1' })).rejects.toMatchObject({
      code: IntakeErrorCode.DeliveryMethodMismatch,
    });
    await expect(
      new HandOutResult(completed({ status: 'decided' }), clock).execute(CLERK, APP_NO, {
        method: 'window',
        pickupCode: '123456',
      }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NotCompleted });
    expect(repo.committed).toHaveLength(0);
  });
});

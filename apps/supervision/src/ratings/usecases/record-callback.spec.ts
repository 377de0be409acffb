import { ManualClock } from '@hall/calendar';
import {
  OFFICER,
  rectificationRow,
  rectificationStore,
} from '../../../test/factories/rating-rows.factory.js';
import { RecordCallback } from './record-callback.js';

describe('RecordCallback (回访)', () => {
  const clock = new ManualClock('2026-09-22T02:00:00Z');

  it('appends the callback with who and when, and moves the rectification to called-back', async () => {
    const repo = rectificationStore(rectificationRow({ status: 'open' }));
    const view = await new RecordCallback(repo, clock).execute(OFFICER, '3301', 'rect-1', {
      method: 'phone',
      reached: true,
      summary: '已电话回访申请人',
    });
    expect(view.status).toBe('called-back');
    expect(repo.moves).toEqual([
      {
        id: 'rect-1',
        from: ['open', 'called-back'],
        data: {
          status: 'called-back',
          callbacks: [
            {
              method: 'phone',
              reached: true,
              summary: '已电话回访申请人',
              at: '2026-09-22T02:00:00.000Z',
              by: 'officer-1',
              byName: '王芳',
            },
          ],
        },
      },
    ]);
  });

  it("answers 404 for another region's rectification and 409 once it is rectified", async () => {
    const repo = rectificationStore(rectificationRow({ regionCode: '330106' }));
    await expect(
      new RecordCallback(repo, clock).execute(OFFICER, '3302', 'rect-1', {
        method: 'phone',
        reached: false,
        summary: 'x',
      }),
    ).rejects.toMatchObject({ status: 404 });
    // A township supervisor reaches the rectification of a case its village's point took in; another township not.
    const village = () => rectificationStore(rectificationRow({ regionCode: '330106' }), '330106109201');
    const call = { method: 'phone' as const, reached: true, summary: '已回访' };
    await expect(
      new RecordCallback(village(), clock).execute(OFFICER, '330106109', 'rect-1', call),
    ).resolves.toMatchObject({ status: 'called-back' });
    await expect(
      new RecordCallback(village(), clock).execute(OFFICER, '330106008', 'rect-1', call),
    ).rejects.toMatchObject({ status: 404 });
    const done = rectificationStore(rectificationRow({ status: 'rectified' }));
    await expect(
      new RecordCallback(done, clock).execute(OFFICER, '3301', 'rect-1', {
        method: 'phone',
        reached: false,
        summary: 'x',
      }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

import { ManualClock } from '@hall/calendar';
import {
  OFFICER,
  rectificationRow,
  rectificationStore,
} from '../../../test/factories/rating-rows.factory.js';
import { RecordResult } from './record-result.js';

describe('RecordResult (整改结果)', () => {
  const clock = new ManualClock('2026-09-24T02:00:00Z');

  it('records the result of a called-back rectification', async () => {
    const repo = rectificationStore(rectificationRow({ status: 'called-back' }));
    const view = await new RecordResult(repo, clock).execute(OFFICER, '3301', 'rect-1', { result: '已整改' });
    expect(view.status).toBe('rectified');
    expect(repo.moves[0]?.data).toEqual({
      status: 'rectified',
      result: '已整改',
      resultAt: new Date('2026-09-24T02:00:00Z'),
      resultBy: 'officer-1',
    });
  });

  it('refuses a result before any callback (409)', async () => {
    const repo = rectificationStore(rectificationRow({ status: 'open' }));
    await expect(
      new RecordResult(repo, clock).execute(OFFICER, '3301', 'rect-1', { result: '已整改' }),
    ).rejects.toMatchObject({ status: 409, code: 'RECTIFICATION_STATE' });
  });
});

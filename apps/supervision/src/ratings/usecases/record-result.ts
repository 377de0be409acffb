import type { Rectification as RectificationView, ResultInput } from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { moveRectification, rectificationInRegion, type RectificationStore } from './rectification-state.js';

/** 整改结果: the rectification's result, once the applicant was called back. */
export class RecordResult {
  constructor(
    private readonly repo: RectificationStore,
    private readonly clock: Clock,
  ) {}

  async execute(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: ResultInput,
  ): Promise<RectificationView> {
    await rectificationInRegion(this.repo, regionPrefix, id);
    // Every real-name bad rating is called back before its rectification is closed.
    return moveRectification(
      this.repo,
      id,
      ['called-back'],
      { status: 'rectified', result: input.result, resultAt: this.clock.now(), resultBy: user.id },
      'result (needs a callback first)',
    );
  }
}

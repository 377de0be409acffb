import type { CallbackInput, Rectification as RectificationView } from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { toJson } from '../../cases/case.repository.js';
import { moveRectification, rectificationInRegion, type RectificationStore } from './rectification-state.js';

/** 回访: an officer records a callback to the applicant of a bad rating (repeatable until the result). */
export class RecordCallback {
  constructor(
    private readonly repo: RectificationStore,
    private readonly clock: Clock,
  ) {}

  async execute(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: CallbackInput,
  ): Promise<RectificationView> {
    const r = await rectificationInRegion(this.repo, regionPrefix, id);
    const callbacks = [
      ...(Array.isArray(r.callbacks) ? r.callbacks : []),
      { ...input, at: this.clock.now().toISOString(), by: user.id, byName: user.name },
    ];
    return moveRectification(
      this.repo,
      id,
      ['open', 'called-back'],
      { status: 'called-back', callbacks: toJson(callbacks) },
      'callback',
    );
  }
}

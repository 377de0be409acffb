import { chinaDateString, type Clock } from '@hall/calendar';
import { SYSTEM_ACTOR } from '@hall/contracts';
import { mayStart } from '../../records/application-status.js';
import type { WindowRepository } from '../window.repository.js';
import { commitCloseRequest } from './window-steps.js';

/**
 * 容缺受理 (scheduled): nothing valid supplied by the deadline → terminated. Approval holds the case, so the
 * termination is a request it settles (its decision, if it came first, stands). False when the rule does not apply.
 */
export class TerminateTolerance {
  constructor(
    private readonly repo: WindowRepository,
    private readonly clock: Clock,
  ) {}

  async execute(no: string): Promise<boolean> {
    const app = await this.repo.load(no);
    const now = this.clock.now();
    if (
      !mayStart('terminate', app.status) ||
      app.acceptanceMode !== 'tolerance' ||
      app.toleranceSatisfiedAt !== null ||
      !app.toleranceSupplyBy ||
      now <= app.toleranceSupplyBy
    ) {
      return false;
    }
    const reason = `容缺受理的材料未在${chinaDateString(app.toleranceSupplyBy)}前补齐，终止办理`;
    await this.repo.transaction((w) =>
      commitCloseRequest(w, app, { closing: 'terminate', actor: SYSTEM_ACTOR, now, reason }),
    );
    return true;
  }
}

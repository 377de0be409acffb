import type { Rectification as RectificationView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Prisma, Rectification, SupervisedCase } from '../../generated/prisma/client.js';
import { SupervisionErrorCode, conflict } from '../../supervision.errors.js';
import { rectificationView } from '../../views.js';
import type { RatingRepository } from '../rating.repository.js';

export type RectificationStore = Pick<RatingRepository, 'rectification' | 'transition'> & {
  /** The case's place (where a township or village point took it in): what widens a scope below the county. */
  caseOf(applicationNo: string): Promise<Pick<SupervisedCase, 'regionCode' | 'takenInRegion'> | null>;
};

/**
 * A rectification of a case in the caller's reach (the implementation's region, or the township or village point
 * that took the case in, under the prefix: `caseInScope`); 404 otherwise (another region's is not disclosed).
 */
export async function rectificationInRegion(
  repo: RectificationStore,
  regionPrefix: string,
  id: string,
): Promise<Rectification> {
  const r = await repo.rectification(id);
  if (r === null) throw AppError.notFound('rectification', id);
  if (r.regionCode.startsWith(regionPrefix)) return r;
  const c = await repo.caseOf(r.applicationNo);
  if (c?.takenInRegion?.startsWith(regionPrefix) !== true) throw AppError.notFound('rectification', id);
  return r;
}

/** Moves a rectification from one of `from` to a new state; 409 with nothing changed otherwise. */
export async function moveRectification(
  repo: RectificationStore,
  id: string,
  from: string[],
  data: Prisma.RectificationUpdateManyMutationInput,
  action: string,
): Promise<RectificationView> {
  const updated = await repo.transition(id, from, data);
  if (updated === null)
    throw conflict(
      SupervisionErrorCode.RectificationState,
      `rectification ${id}: ${action} is not allowed in its current state`,
      { allowedFrom: from },
    );
  return rectificationView(updated);
}

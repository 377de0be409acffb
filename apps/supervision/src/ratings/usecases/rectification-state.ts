import type { Rectification as RectificationView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Prisma, Rectification } from '../../generated/prisma/client.js';
import { SupervisionErrorCode, conflict } from '../../supervision.errors.js';
import { rectificationView } from '../../views.js';
import type { RatingRepository } from '../rating.repository.js';

export type RectificationStore = Pick<RatingRepository, 'rectification' | 'transition'>;

/** A rectification of the caller's region; 404 otherwise (another region's is not disclosed). */
export async function rectificationInRegion(
  repo: RectificationStore,
  regionPrefix: string,
  id: string,
): Promise<Rectification> {
  const r = await repo.rectification(id);
  if (r === null || !r.regionCode.startsWith(regionPrefix)) throw AppError.notFound('rectification', id);
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

import type { CurrentUser } from '@hall/auth';
import type { IdempotencyRecord, IdempotencyScope, IdempotencyStore } from '@hall/platform';
import type { IntakeStore } from '../intake.store.js';
import type { ApplicationsService } from './applications.service.js';
import { findIdempotencyKey } from './idempotency-key.repository.js';

/**
 * The Idempotency-Keys of submissions (`idempotency_key`, one row per user and key, the only idempotent route of
 * intake: `POST /applications`). The key is written in the submission's transaction with the application it made
 * (usecases/submit.ts); a replay answers with that application as its submitter sees it now.
 */
export class SubmitIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly store: IntakeStore,
    private readonly applications: ApplicationsService,
  ) {}

  async find(scope: IdempotencyScope, user: CurrentUser): Promise<IdempotencyRecord | undefined> {
    const row = await findIdempotencyKey(this.store.prisma, scope.userId, scope.key);
    if (!row) return undefined;
    return {
      requestHash: row.requestHash,
      replay: () => this.applications.submitted(user, row.applicationNo),
    };
  }
}

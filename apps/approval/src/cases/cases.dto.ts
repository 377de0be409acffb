import { z } from 'zod';

export const DecideBody = z
  .object({
    outcome: z.enum(['approved', 'denied']).describe('准予 / 不予'),
    reasons: z.string().trim().max(3000).default('').describe('Required for a denial; the rights to review/litigation are appended'),
    version: z.number().int().nonnegative().optional().describe('The case version the caller saw; a different current version → 409 STALE_VERSION'),
  })
  .strict();
export type DecideBody = z.infer<typeof DecideBody>;

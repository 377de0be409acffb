import { Verdict } from '@hall/contracts';
import { z } from 'zod';
import { QUEUE_STATUSES } from './task-queue.repository.js';

export const QueueQuery = z
  .object({
    status: z.enum(QUEUE_STATUSES).default('open').describe('open = pending + claimed + cosign (default)'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type QueueQuery = z.infer<typeof QueueQuery>;

const ExpectedVersion = z.number().int().nonnegative().optional().describe('The task version the caller saw; a different current version → 409 STALE_VERSION');

export const TaskActionBody = z.object({ version: ExpectedVersion }).strict();
export type TaskActionBody = z.infer<typeof TaskActionBody>;

export const CompleteTaskBody = z
  .object({
    verdict: Verdict,
    opinion: z.string().trim().max(4000).default('').describe('审查意见; reasons are required for deny and return'),
    items: z
      .array(
        z
          .object({
            materialId: z.string().trim().min(1).max(40).optional().describe('A material of the implementation; its name is taken from the catalog'),
            name: z.string().trim().min(1).max(200).optional().describe('What to supply when it is not one of the listed materials'),
            problem: z.string().trim().min(1).max(1000).describe('What is wrong or missing'),
          })
          .strict(),
      )
      .max(30)
      .optional()
      .describe('退回补正 only: what the applicant must supply or correct, listed in the one-time notice intake sends'),
    version: ExpectedVersion,
  })
  .strict();
export type CompleteTaskBody = z.infer<typeof CompleteTaskBody>;

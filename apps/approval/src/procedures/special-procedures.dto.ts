import { SpecialProcedureKind } from '@hall/contracts';
import { z } from 'zod';

export const ProcedureScope = z
  .enum(['case', 'task'])
  .describe("case: every clock of the case stops (the deciding department only); task: only the caller's department's own step (its task deadline) stops");
export type ProcedureScope = z.infer<typeof ProcedureScope>;

export const StartProcedureBody = z
  .object({
    kind: SpecialProcedureKind.exclude(['supplement']).describe('extension (延长审批) or a pause: hearing 听证, tendering 招标, auction 拍卖, inspection 检验, testing 检测, quarantine 检疫, appraisal 鉴定, expert-review 专家评审'),
    reason: z.string().trim().min(2).max(2000).describe('Reason, quoted in the written notice to the applicant'),
    expectedDays: z.number().int().min(1).max(365).optional().describe('Expected length of a pause in working days (information only)'),
    scope: ProcedureScope.default('case').describe("A pause's scope (default case); an extension is always case-wide"),
    taskId: z.uuid().optional().describe("scope task: the caller's department's task to pause"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.scope === 'task' && b.kind === 'extension') {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'an extension (延长审批) is case-wide; only a pause can have scope task' });
    }
    if (b.scope === 'task' && b.taskId === undefined) ctx.addIssue({ code: 'custom', path: ['taskId'], message: 'scope task needs the taskId of your department\'s task' });
    if (b.scope === 'case' && b.taskId !== undefined) ctx.addIssue({ code: 'custom', path: ['taskId'], message: 'a taskId is only for scope task' });
  });
export type StartProcedureBody = z.infer<typeof StartProcedureBody>;

export const EndProcedureBody = z
  .object({ result: z.string().trim().min(1).max(2000).describe('Result of the hearing, test, expert review …') })
  .strict();
export type EndProcedureBody = z.infer<typeof EndProcedureBody>;

export const JointCasesQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type JointCasesQuery = z.infer<typeof JointCasesQuery>;

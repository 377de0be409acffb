import { SpecialProcedureKind } from '@hall/contracts';
import { z } from 'zod';

export const StartProcedureBody = z
  .object({
    kind: SpecialProcedureKind.exclude(['supplement']).describe('extension (延长审批) or a pause: hearing 听证, tendering 招标, auction 拍卖, inspection 检验, testing 检测, quarantine 检疫, appraisal 鉴定, expert-review 专家评审'),
    reason: z.string().trim().min(2).max(2000).describe('Reason, quoted in the written notice to the applicant'),
    expectedDays: z.number().int().min(1).max(365).optional().describe('Expected length of a pause in working days (information only)'),
  })
  .strict();
export type StartProcedureBody = z.infer<typeof StartProcedureBody>;

export const EndProcedureBody = z
  .object({ result: z.string().trim().min(1).max(2000).describe('Result of the hearing, test, expert review …') })
  .strict();
export type EndProcedureBody = z.infer<typeof EndProcedureBody>;

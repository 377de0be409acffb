import { z } from 'zod';
import { DepartmentCode, ScopeRegionCode } from './catalog-codes.js';

/**
 * The applicant (申请人) or licence holder as events carry it between services. The event bus is internal:
 * full identity numbers travel here; anything public masks them.
 */
export const PartyIdentity = z.object({
  kind: z.enum(['person', 'business']).describe('自然人 or 法人/其他组织'),
  userId: z
    .string()
    .min(1)
    .optional()
    .describe('Subject (`sub`) of the applicant account; absent for a walk-in without account'),
  name: z.string().trim().min(1).max(200).describe('Name of the person or the business'),
  idType: z
    .enum(['ID_CARD', 'USCC'])
    .describe('Code type: 居民身份证 (GB 11643) or 统一社会信用代码 (GB 32100)'),
  idNumber: z
    .string()
    .regex(/^[0-9A-Z]{18}$/)
    .describe('The 18-character ID number or USCC'),
  phone: z.string().max(30).optional(),
});
export type PartyIdentity = z.infer<typeof PartyIdentity>;

/** Who did something: staff member or applicant, as read from the token. */
export const Actor = z.object({
  userId: z.string().min(1),
  name: z.string().min(1).max(200),
  role: z
    .string()
    .min(1)
    .max(40)
    .describe('Hall role the action was taken in (clerk, approver, applicant, system …)'),
  department: DepartmentCode.optional(),
  region: ScopeRegionCode.optional(),
});
export type Actor = z.infer<typeof Actor>;

/** The scheduler or a rule acting without a person (e.g. the 5-working-day deemed acceptance). */
export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: 'system', name: '系统', role: 'system' });

export const Timestamp = z.iso.datetime({ offset: true });

import { z } from 'zod';

export const CreateImplementationBody = z
  .object({
    code: z.string().regex(/^[0-9A-Z-]{6,64}$/, 'implementation code: 6-64 of 0-9, A-Z and -').describe('实施编码'),
    name: z.string().trim().min(1).max(200).describe('事项名称'),
    baseCode: z.string().regex(/^[0-9A-Z-]{4,40}$/).describe('基本编码'),
    itemType: z.enum(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']).describe('事项类型 (GB/T 39046 A)'),
    regionCode: z.string().regex(/^\d{6}$/, 'six-digit GB/T 2260 code').describe('区划代码'),
    implementingBody: z.string().trim().min(1).max(200).describe('实施主体'),
    legalLimitDays: z.number().int().min(0).max(3650).describe('法定办结时限 (working days)'),
    promisedLimitDays: z.number().int().min(0).max(3650).describe('承诺办结时限 (working days, ≤ legal)'),
  })
  .strict();
export type CreateImplementationBody = z.infer<typeof CreateImplementationBody>;

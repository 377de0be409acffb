import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Topics } from '../topics.js';

export const ImplementationPublishedPayload = z.object({
  implementationCode: z.string().min(1).describe('实施编码 implementation code'),
  version: z.number().int().positive().describe('Published version number; applications refer to it'),
  name: z.string().min(1).describe('事项名称 item name (locked element, from the base item)'),
  baseCode: z.string().min(1).describe('基本编码 base item code (locked element)'),
  itemType: z.string().regex(/^\d{2}$/).describe('事项类型 code, GB/T 39046 A (01 行政许可 … 20 公共服务)'),
  regionCode: z.string().regex(/^\d{6}$/).describe('GB/T 2260 区划代码 of the implementing region'),
  implementingBody: z.string().min(1).describe('实施主体 implementing body name'),
  legalLimitDays: z.number().int().nonnegative().describe('法定办结时限 in working days'),
  promisedLimitDays: z.number().int().nonnegative().describe('承诺办结时限 in working days (≤ legal)'),
  publishedAt: z.iso.datetime({ offset: true }).describe('When this version was published'),
});
export type ImplementationPublishedPayload = z.infer<typeof ImplementationPublishedPayload>;

export const ImplementationPublished = defineEvent({
  type: 'catalog.implementation.published',
  version: 1,
  topic: Topics.catalogImplementation,
  payload: ImplementationPublishedPayload,
  key: (p) => p.implementationCode,
  description: 'A version of an implementation (实施清单) was published; snapshot of what applications refer to.',
});

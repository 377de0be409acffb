import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Topics } from '../topics.js';
import { ImplementationSnapshot } from './implementation-snapshot.js';

export const ImplementationPublishedPayload = ImplementationSnapshot;
export type ImplementationPublishedPayload = ImplementationSnapshot;

export const ImplementationPublished = defineEvent({
  type: 'catalog.implementation.published',
  version: 1,
  topic: Topics.catalogImplementation,
  payload: ImplementationPublishedPayload,
  key: (p) => p.implementationCode,
  description:
    'A version of an implementation (实施清单) was published: the full snapshot applications refer to.',
});

export const ImplementationRetiredPayload = z.object({
  implementationCode: z.string().min(1),
  version: z.number().int().positive().describe('The last published version, now retired'),
  retiredAt: z.iso.datetime({ offset: true }),
  reason: z.string().max(1000).default(''),
});
export type ImplementationRetiredPayload = z.infer<typeof ImplementationRetiredPayload>;

export const ImplementationRetired = defineEvent({
  type: 'catalog.implementation.retired',
  version: 1,
  topic: Topics.catalogImplementation,
  payload: ImplementationRetiredPayload,
  key: (p) => p.implementationCode,
  description:
    'An implementation was retired (废止): no new applications; running cases continue on their version.',
});

export const ConsistencyCheckedPayload = z.object({
  baseCode: z.string().min(1),
  baseVersion: z.number().int().positive(),
  checkedAt: z.iso.datetime({ offset: true }),
  implementations: z.number().int().nonnegative(),
  deviations: z.array(
    z.object({
      implementationCode: z.string(),
      element: z.string(),
      expected: z.string(),
      actual: z.string(),
    }),
  ),
});
export type ConsistencyCheckedPayload = z.infer<typeof ConsistencyCheckedPayload>;

export const BaseItemConsistencyChecked = defineEvent({
  type: 'catalog.base-item.consistency-checked',
  version: 1,
  topic: Topics.catalogImplementation,
  payload: ConsistencyCheckedPayload,
  key: (p) => p.baseCode,
  description: '三级四同 re-check of every implementation after a base item change; deviations listed.',
});

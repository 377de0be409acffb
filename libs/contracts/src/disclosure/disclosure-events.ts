import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { KeyArea, OpenCategory } from './disclosure-api.js';

const ItemEventBase = z.object({
  itemId: z.uuid(),
  indexNo: z.string().min(1).describe('索引号'),
  departmentCode: z.string().min(1).describe('发布机构'),
  regionCode: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Region of the agency (行政区划代码); absent on events written before it was added (read the 索引号 prefix)',
    ),
  title: z.string().min(1),
  openCategory: OpenCategory,
  keyArea: KeyArea.nullable(),
  writtenOn: z.iso.date().describe('成文日期'),
  dueAt: Timestamp.describe('publication deadline (20 working days after 成文日期)'),
  version: z.number().int().positive(),
  occurredAt: Timestamp,
  actor: Actor,
});

export const DisclosureItemPublishedPayload = ItemEventBase.extend({
  publishedOn: z.iso.date().describe('发布日期'),
  overdue: z.boolean().describe('published after its deadline (for supervision)'),
  corrected: z.boolean().describe('a correction of an item already published (version > 1)'),
});
export type DisclosureItemPublishedPayload = z.infer<typeof DisclosureItemPublishedPayload>;

export const DisclosureItemDraftedPayload = ItemEventBase.extend({
  edited: z
    .boolean()
    .describe('false: the item was drafted; true: a draft was edited (its 成文日期 may have moved)'),
});
export type DisclosureItemDraftedPayload = z.infer<typeof DisclosureItemDraftedPayload>;

export const DisclosureItemReviewStepPayload = ItemEventBase.extend({
  note: z.string().max(2000).nullable().describe("The reviewer's note (a rejection always has one)"),
});
export type DisclosureItemReviewStepPayload = z.infer<typeof DisclosureItemReviewStepPayload>;

export const DisclosureItemWithdrawnPayload = ItemEventBase.extend({
  reason: z.string().min(1).max(500),
});
export type DisclosureItemWithdrawnPayload = z.infer<typeof DisclosureItemWithdrawnPayload>;

/** An item event: topic `hall.disclosure.item.v1`, keyed by the item, version 1 — only the type, payload and words differ. */
const itemEvent = <P extends z.ZodType<{ itemId: string }>>(type: string, payload: P, description: string) =>
  defineEvent({
    type: `disclosure.item.${type}`,
    version: 1,
    topic: Topics.disclosureItem,
    payload,
    key: (p) => p.itemId,
    description,
  });

export const DisclosureItemDrafted = itemEvent(
  'drafted',
  DisclosureItemDraftedPayload,
  'A 主动公开 item was drafted, or its draft edited: the information is formed (成文日期) and its 20-working-day publication clock runs.',
);

export const DisclosureItemSubmitted = itemEvent(
  'submitted',
  DisclosureItemReviewStepPayload,
  'A draft was sent to 保密审查 (secrecy review by the head of the department).',
);

export const DisclosureItemReturned = itemEvent(
  'returned',
  DisclosureItemReviewStepPayload,
  '保密审查 sent the item back to its author as a draft (with the reason); its clock keeps running.',
);

export const DisclosureItemPublished = itemEvent(
  'published',
  DisclosureItemPublishedPayload,
  'A 主动公开 item was published after its 保密审查, or a correction of it was (version > 1).',
);

export const DisclosureItemWithdrawn = itemEvent(
  'withdrawn',
  DisclosureItemWithdrawnPayload,
  'A published 主动公开 item was withdrawn (its history is kept).',
);

export const DISCLOSURE_EVENTS = [
  DisclosureItemDrafted,
  DisclosureItemSubmitted,
  DisclosureItemReturned,
  DisclosureItemPublished,
  DisclosureItemWithdrawn,
] as const;

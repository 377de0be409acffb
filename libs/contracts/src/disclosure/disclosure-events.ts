import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { KeyArea, OpenCategory } from './disclosure-api.js';

const ItemEventBase = z.object({
  itemId: z.uuid(),
  indexNo: z.string().min(1).describe('索引号'),
  departmentCode: z.string().min(1).describe('发布机构'),
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

export const DisclosureItemWithdrawnPayload = ItemEventBase.extend({
  reason: z.string().min(1).max(500),
});
export type DisclosureItemWithdrawnPayload = z.infer<typeof DisclosureItemWithdrawnPayload>;

export const DisclosureItemPublished = defineEvent({
  type: 'disclosure.item.published',
  version: 1,
  topic: Topics.disclosureItem,
  payload: DisclosureItemPublishedPayload,
  key: (p) => p.itemId,
  description: 'A 主动公开 item was published after its 保密审查, or a correction of it was (version > 1).',
});

export const DisclosureItemWithdrawn = defineEvent({
  type: 'disclosure.item.withdrawn',
  version: 1,
  topic: Topics.disclosureItem,
  payload: DisclosureItemWithdrawnPayload,
  key: (p) => p.itemId,
  description: 'A published 主动公开 item was withdrawn (its history is kept).',
});

export const DISCLOSURE_EVENTS = [DisclosureItemPublished, DisclosureItemWithdrawn] as const;

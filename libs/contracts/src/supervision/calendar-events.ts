import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

/**
 * An administrator replaced one year's working calendar in supervision (工作日历: the State Council's 放假安排 with
 * 调休). Whole-year replacement over the shipped `libs/calendar` data: every service that counts working days keeps it
 * and recomputes its open deadlines. Dates are validated by `parseCalendarData` before the event is staged.
 */
export const CalendarReplacedPayload = z.object({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(IsoDate).describe('Rest days (放假日) of the arrangement, sorted'),
  workdays: z.array(IsoDate).describe('Make-up workdays (调休上班), weekend days, sorted'),
  source: z.string().max(500).nullable().describe('The notice, e.g. 国办发明电〔2026〕x号'),
  replacedAt: Timestamp.describe(
    'When supervision stored it; a consumer ignores an arrangement older than the one it holds',
  ),
  actor: Actor.describe('The administrator (or city-level supervisor) who loaded it'),
});
export type CalendarReplacedPayload = z.infer<typeof CalendarReplacedPayload>;

export const CalendarReplaced = defineEvent({
  type: 'supervision.calendar.replaced',
  version: 1,
  topic: Topics.supervisionCalendar,
  payload: CalendarReplacedPayload,
  key: (p) => String(p.year),
  description:
    "A year's working calendar (放假安排) was loaded or replaced; approval and intake recompute their open deadlines.",
});

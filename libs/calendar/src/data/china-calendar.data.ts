import type { CalendarData } from '../calendar-data.js';
import { cn2025 } from './cn-2025.js';
import { cn2026 } from './cn-2026.js';

/**
 * The shipped mainland-China arrangements, one module per announced year.
 *
 * 2027: the State Council has not yet published 国务院办公厅关于2027年部分节假日安排的通知 (it usually appears in
 * November/December of the preceding year), so 2027 is deliberately NOT shipped — `hasDataFor(2027)` is `false`
 * and 2027 falls back to the plain weekend rule until `cn-2027.ts` is added from the official notice
 * (see libs/calendar/README.md). We do not ship guessed dates: a wrong guess would silently move legal deadlines.
 */
export const CHINA_CALENDAR_DATA: CalendarData = {
  years: {
    '2025': cn2025,
    '2026': cn2026,
  },
};

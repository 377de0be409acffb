import { z } from 'zod';
import { civilFromDays, isWeekend, tryParseIsoDate } from './china-time.js';

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date')
  .refine((value) => tryParseIsoDate(value) !== undefined, 'not a real calendar date');

/**
 * The arrangement of one calendar year, as announced by the State Council General Office
 * (国务院办公厅关于<year>年部分节假日安排的通知).
 */
export const yearCalendarSchema = z.object({
  /**
   * Rest days (放假日): every day of the announced rest periods (法定节假日 plus the weekend days and
   * 调休 days moved into them). Weekend days may be listed; they are rest days anyway.
   */
  holidays: z.array(isoDateSchema),
  /** Make-up working days (调休上班): Saturdays/Sundays that are working days. */
  workdays: z.array(isoDateSchema),
  /** Where the data comes from, e.g. the notice number (国办发明电〔2024〕12号) and its URL. */
  source: z.string().optional(),
});

/** Keys are 4-digit calendar years (`'2025'`); a year absent here is "without data" (plain weekend rule). */
export const calendarDataSchema = z
  .object({
    years: z.record(z.string().regex(/^\d{4}$/, 'year keys must be 4-digit years'), yearCalendarSchema),
  })
  .superRefine((data, ctx) => {
    const kindOf = new Map<string, 'holiday' | 'workday'>();
    for (const [yearKey, year] of Object.entries(data.years)) {
      const y = Number(yearKey);
      const lists = [
        ['holidays', 'holiday', year.holidays],
        ['workdays', 'workday', year.workdays],
      ] as const;
      for (const [field, kind, dates] of lists) {
        dates.forEach((date, index) => {
          const path = ['years', yearKey, field, index];
          const day = tryParseIsoDate(date);
          if (day === undefined) return; // already reported by the element schema
          const { year: dateYear, month } = civilFromDays(day);
          // A notice for year Y may move a day across New Year (e.g. 2011-12-31 was a make-up workday of the
          // 2012 notice), so the adjacent December/January are allowed too.
          const inYear =
            dateYear === y || (dateYear === y - 1 && month === 12) || (dateYear === y + 1 && month === 1);
          if (!inYear) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${date} does not belong to the ${yearKey} arrangement`,
            });
          }
          if (kind === 'workday' && !isWeekend(day)) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${date} is a make-up workday (调休上班) but not a Saturday or Sunday`,
            });
          }
          const previous = kindOf.get(date);
          if (previous !== undefined && previous !== kind) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${date} is listed both as a holiday and as a workday`,
            });
          }
          kindOf.set(date, kind);
        });
      }
    }
  });

export type YearCalendar = z.infer<typeof yearCalendarSchema>;
export type CalendarData = z.infer<typeof calendarDataSchema>;

/**
 * Validates untrusted calendar data (e.g. an administrator's override submitted as JSON).
 * @throws RangeError listing every problem; the `ZodError` is attached as `cause`.
 */
export function parseCalendarData(input: unknown): CalendarData {
  const result = calendarDataSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    );
    throw new RangeError(`Invalid calendar data: ${problems.join('; ')}`, { cause: result.error });
  }
  return result.data;
}

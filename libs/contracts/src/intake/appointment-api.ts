/**
 * HTTP contract of 预约办理 (window appointments, `/api/intake/appointments…`): a citizen books a slot at a service
 * point (服务网点) for an item that supports appointment; the window sees the day's bookings. Browser-safe: zod only.
 */
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });

/** A China-time calendar date. */
export const AppointmentDate = z.iso.date().describe('China-time date, YYYY-MM-DD');
/** A slot start (China time). */
export const SlotTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day HH:MM')
  .describe('China-time slot start, HH:MM');

export const AppointmentId = z.uuid().describe('预约编号');

const PointId = z.string().min(1).max(64).describe('网点代码 (service point id)');
const ImplementationCode = z.string().min(1).max(64).describe('实施清单 code of the item');

/** GET /appointments/slots: the bookable slots of a point for an item, day by day (working days only). */
export const AppointmentSlotQuery = z
  .object({
    servicePointId: PointId,
    implementationCode: ImplementationCode,
    from: AppointmentDate.optional().describe('first day (default today)'),
    to: AppointmentDate.optional().describe(
      'last day (default the last bookable day; at most 31 days after from)',
    ),
  })
  .strict();
export type AppointmentSlotQuery = z.input<typeof AppointmentSlotQuery>;

export const AppointmentSlot = z.object({
  start: SlotTime,
  end: SlotTime,
  capacity: z.number().int().min(0),
  available: z.number().int().min(0).describe('places left'),
  bookable: z.boolean().describe('not started yet and not full'),
});
export type AppointmentSlot = z.infer<typeof AppointmentSlot>;

export const AppointmentSlotDays = z.object({
  servicePointId: z.string(),
  implementationCode: z.string(),
  lastBookableDate: AppointmentDate.describe(
    'the last working day that can be booked (N working days ahead)',
  ),
  days: z
    .array(z.object({ date: AppointmentDate, slots: z.array(AppointmentSlot) }))
    .describe('working days of the range within the bookable window; holidays and weekends left out'),
});
export type AppointmentSlotDays = z.infer<typeof AppointmentSlotDays>;

/** POST /appointments: book a slot. */
export const BookAppointmentBody = z
  .object({
    servicePointId: PointId,
    implementationCode: ImplementationCode,
    date: AppointmentDate,
    start: SlotTime,
  })
  .strict();
export type BookAppointmentBody = z.input<typeof BookAppointmentBody>;

export const AppointmentStatus = z.enum(['booked', 'cancelled']).describe('booked 已预约, cancelled 已取消');
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const AppointmentView = z.object({
  id: AppointmentId,
  status: AppointmentStatus,
  servicePoint: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  regionCode: z.string(),
  implementationCode: z.string(),
  itemName: z.string(),
  date: AppointmentDate,
  start: SlotTime,
  end: SlotTime,
  startsAt: Instant,
  createdAt: Instant,
  cancelledAt: Instant.nullable(),
  cancellable: z.boolean().describe('booked and the slot has not started'),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

export const AppointmentList = z.array(AppointmentView);
export type AppointmentList = z.infer<typeof AppointmentList>;

/** GET /appointments/day: the window's bookings of a day (clerk, scoped to the clerk's region). */
export const AppointmentDayQuery = z
  .object({
    date: AppointmentDate.optional().describe('default today (China time)'),
    servicePointId: PointId.optional().describe('one point of the clerk’s region (default all of them)'),
  })
  .strict();
export type AppointmentDayQuery = z.input<typeof AppointmentDayQuery>;

export const AppointmentDayEntry = AppointmentView.extend({
  citizenName: z.string().describe('预约人'),
});
export type AppointmentDayEntry = z.infer<typeof AppointmentDayEntry>;

export const AppointmentDayList = z.object({
  date: AppointmentDate,
  items: z.array(AppointmentDayEntry).describe('booked (not cancelled), by slot'),
});
export type AppointmentDayList = z.infer<typeof AppointmentDayList>;

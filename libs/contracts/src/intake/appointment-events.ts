import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { AppointmentDate, AppointmentId, SlotTime } from './appointment-api.js';

/** 预约: what the booking and its cancellation carry (the slot, the point and its region, the item). */
const AppointmentEventBase = z.object({
  appointmentId: AppointmentId,
  servicePointId: z.string().min(1),
  regionCode: z.string().min(6).describe("the service point's region"),
  implementationCode: z.string().min(1),
  date: AppointmentDate,
  start: SlotTime,
  startsAt: Timestamp,
  occurredAt: Timestamp,
  actor: Actor,
});

export const AppointmentBookedPayload = AppointmentEventBase;
export type AppointmentBookedPayload = z.infer<typeof AppointmentBookedPayload>;

export const AppointmentCancelledPayload = AppointmentEventBase;
export type AppointmentCancelledPayload = z.infer<typeof AppointmentCancelledPayload>;

const key = (p: { appointmentId: string }) => p.appointmentId;

export const AppointmentBooked = defineEvent({
  type: 'intake.appointment.booked',
  version: 1,
  topic: Topics.intakeAppointment,
  payload: AppointmentBookedPayload,
  key,
  description: 'A citizen booked a window slot (预约) at a service point.',
});

export const AppointmentCancelled = defineEvent({
  type: 'intake.appointment.cancelled',
  version: 1,
  topic: Topics.intakeAppointment,
  payload: AppointmentCancelledPayload,
  key,
  description: 'The citizen cancelled a booking before its slot started; the place is free again.',
});

export const APPOINTMENT_EVENTS = [AppointmentBooked, AppointmentCancelled] as const;

import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';

export type AppointmentRow = Prisma.AppointmentGetPayload<object>;

/** A slot of a point: the key of its counter row. */
export interface SlotKey {
  servicePointId: string;
  date: string;
  start: string;
}

/** The booked counts of a point's slots on the given days. */
export function slotCounts(db: IntakeDb, servicePointId: string, days: readonly string[]) {
  return db.appointmentSlot.findMany({ where: { servicePointId, date: { in: [...days] } } });
}

/** Whether the citizen holds an active booking under this key (user|implementation|date). */
export async function hasActiveBooking(tx: IntakeTx, activeKey: string): Promise<boolean> {
  return (await tx.appointment.count({ where: { activeKey } })) > 0;
}

/**
 * Takes one place of the slot, or none when it is full: the counter row is created if missing (ON CONFLICT DO
 * NOTHING), then `booked` is incremented only while below `capacity`. The UPDATE locks the row; a concurrent booking
 * waits for it and PostgreSQL re-checks the condition on the committed row, so at most `capacity` bookings succeed.
 */
export async function takePlace(tx: IntakeTx, key: SlotKey, capacity: number): Promise<boolean> {
  await tx.appointmentSlot.createMany({ data: [key], skipDuplicates: true });
  const taken = await tx.appointmentSlot.updateMany({
    where: { ...key, booked: { lt: capacity } },
    data: { booked: { increment: 1 } },
  });
  return taken.count > 0;
}

/** Gives a place of the slot back (a cancellation). */
export async function releasePlace(tx: IntakeTx, key: SlotKey): Promise<void> {
  await tx.appointmentSlot.updateMany({
    where: { ...key, booked: { gt: 0 } },
    data: { booked: { decrement: 1 } },
  });
}

export function createAppointment(
  tx: IntakeTx,
  data: Prisma.AppointmentCreateInput,
): Promise<AppointmentRow> {
  return tx.appointment.create({ data });
}

export function findAppointment(db: IntakeDb, id: string): Promise<AppointmentRow | null> {
  return db.appointment.findUnique({ where: { id } });
}

/** Cancels a booking whose slot starts after `now`; false when it was not booked or has started. */
export async function cancelAppointment(tx: IntakeTx, id: string, now: Date): Promise<boolean> {
  const changed = await tx.appointment.updateMany({
    where: { id, status: 'booked', startsAt: { gt: now } },
    data: { status: 'cancelled', activeKey: null, cancelledAt: now },
  });
  return changed.count > 0;
}

/** A citizen's bookings, latest slot first (the newest 200). */
export function appointmentsOf(db: IntakeDb, userId: string): Promise<AppointmentRow[]> {
  return db.appointment.findMany({
    where: { userId },
    orderBy: [{ startsAt: 'desc' }, { createdAt: 'desc' }],
    take: 200,
  });
}

/** The booked (not cancelled) appointments of a day, by slot, optionally of one point. */
export function bookedOn(db: IntakeDb, date: string, servicePointId?: string): Promise<AppointmentRow[]> {
  return db.appointment.findMany({
    where: { date, status: 'booked', ...(servicePointId ? { servicePointId } : {}) },
    orderBy: [{ start: 'asc' }, { createdAt: 'asc' }],
  });
}

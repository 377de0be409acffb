import { isRegionCode, regionCovers, type CurrentUser } from '@hall/auth';
import { chinaDateString, type Clock, type WorkingCalendar } from '@hall/calendar';
import {
  AppointmentBooked,
  AppointmentCancelled,
  type Actor,
  type AppointmentDayList,
  type AppointmentList,
  type AppointmentSlotDays,
  type AppointmentView,
  type BookAppointmentBody,
  type ImplementationSnapshot,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  AppointmentDayQuery as DayQuerySchema,
  AppointmentSlotQuery as SlotQuerySchema,
} from '@hall/contracts';
import { Prisma } from '../generated/prisma/client.js';
import { currentImplementation } from '../implementations/current-implementation.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { modeAt, type ServicePoint } from '../service-points/service-network.js';
import { findServicePoint, findServicePoints } from '../service-points/service-point.repository.js';
import { iso } from '../shared/instant.js';
import {
  appointmentsOf,
  bookedOn,
  cancelAppointment,
  createAppointment,
  findAppointment,
  hasActiveBooking,
  releasePlace,
  slotCounts,
  takePlace,
  type AppointmentRow,
} from './appointment.repository.js';
import {
  bookableDays,
  chinaInstant,
  DEFAULT_APPOINTMENT_SETTINGS,
  slotsOf,
  type SlotTimes,
} from './appointment-rules.js';

type SlotQuery = z.output<typeof SlotQuerySchema>;
type DayQuery = z.output<typeof DayQuerySchema>;

/** The longest range of days one slot query answers. */
const MAX_RANGE_DAYS = 31;

const actorOf = (user: CurrentUser, role: string): Actor => ({
  userId: user.id,
  name: user.name,
  role,
  ...(user.region && isRegionCode(user.region) ? { region: user.region } : {}),
});

const settingsOf = (p: ServicePoint) => p.appointments ?? DEFAULT_APPOINTMENT_SETTINGS;

const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * 预约办理: a citizen books a window slot at a service point that handles an item supporting appointment. Slots lie
 * inside the point's appointment periods on the hall's working days (statutory holidays and weekends left out,
 * adjusted workdays (调休上班) counted), from now to `daysAhead` working days ahead; each slot takes the point's
 * capacity, held by a counter row updated under its row lock (`booked < capacity`), so simultaneous bookings never
 * exceed it. One active booking per citizen, item and day; the citizen cancels until the slot starts.
 */
export class AppointmentsService {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
    private readonly daysAhead: number,
  ) {}

  private calendar(): WorkingCalendar {
    return this.store.calendar.current();
  }

  /** The point and the item, checked: the item supports appointment and the point handles it. */
  private async pointAndItem(
    servicePointId: string,
    implementationCode: string,
  ): Promise<{ point: ServicePoint; snapshot: ImplementationSnapshot }> {
    const point = await findServicePoint(this.store.prisma, servicePointId);
    if (point === null)
      throw unprocessable(
        IntakeErrorCode.AppointmentPointNotHandling,
        'servicePointId',
        'unknown service point',
      );
    const { snapshot } = await currentImplementation(this.store.prisma, implementationCode);
    if (!snapshot.service.appointment)
      throw unprocessable(
        IntakeErrorCode.AppointmentNotSupported,
        'implementationCode',
        `${implementationCode} does not offer appointments (是否支持预约办理: 否)`,
      );
    if (modeAt(point, { regionCode: snapshot.regionCode, baseCode: snapshot.baseItem.code }) === null)
      throw unprocessable(
        IntakeErrorCode.AppointmentPointNotHandling,
        'servicePointId',
        `${point.name} neither accepts nor 代办s ${implementationCode}`,
      );
    return { point, snapshot };
  }

  async slots(q: SlotQuery): Promise<AppointmentSlotDays> {
    const { point } = await this.pointAndItem(q.servicePointId, q.implementationCode);
    const now = this.clock.now();
    const today = chinaDateString(now);
    const window = bookableDays(this.calendar(), today, this.daysAhead);
    const last = window[window.length - 1] ?? today;
    const from = q.from ?? today;
    const to = q.to ?? (from > last ? from : last);
    if (to < from) throw AppError.validation('to', 'must not be before from');
    if (to > addDays(from, MAX_RANGE_DAYS))
      throw AppError.validation('to', `at most ${MAX_RANGE_DAYS} days after from`);
    const days = window.filter((d) => d >= from && d <= to);
    const settings = settingsOf(point);
    const counts = await slotCounts(this.store.prisma, point.id, days);
    const bookedOf = new Map(counts.map((c) => [`${c.date} ${c.start}`, c.booked]));
    return {
      servicePointId: point.id,
      implementationCode: q.implementationCode,
      lastBookableDate: last,
      days: days.map((date) => ({
        date,
        slots: slotsOf(settings).map((s) => {
          const available = Math.max(0, settings.capacity - (bookedOf.get(`${date} ${s.start}`) ?? 0));
          return {
            start: s.start,
            end: s.end,
            capacity: settings.capacity,
            available,
            bookable: available > 0 && chinaInstant(date, s.start) > now,
          };
        }),
      })),
    };
  }

  async book(user: CurrentUser, body: BookAppointmentBody): Promise<AppointmentView> {
    const { point, snapshot } = await this.pointAndItem(body.servicePointId, body.implementationCode);
    const now = this.clock.now();
    const today = chinaDateString(now);
    const calendar = this.calendar();
    if (body.date < today) throw unprocessable(IntakeErrorCode.SlotInPast, 'date', `${body.date} is over`);
    if (!calendar.isWorkingDay(body.date))
      throw unprocessable(
        IntakeErrorCode.NotWorkingDay,
        'date',
        `${body.date} is not a working day (weekend or statutory holiday)`,
      );
    const window = bookableDays(calendar, today, this.daysAhead);
    const last = window[window.length - 1] ?? today;
    if (body.date > last)
      throw unprocessable(
        IntakeErrorCode.SlotTooFarAhead,
        'date',
        `bookable up to ${this.daysAhead} working days ahead (until ${last})`,
      );
    const settings = settingsOf(point);
    const slot: SlotTimes | undefined = slotsOf(settings).find((s) => s.start === body.start);
    if (slot === undefined)
      throw unprocessable(IntakeErrorCode.SlotUnknown, 'start', `${point.name} has no slot at ${body.start}`);
    const startsAt = chinaInstant(body.date, slot.start);
    if (startsAt <= now)
      throw unprocessable(
        IntakeErrorCode.SlotInPast,
        'start',
        `the slot ${body.date} ${slot.start} has started`,
      );
    const activeKey = `${user.id}|${snapshot.implementationCode}|${body.date}`;
    const exists = () =>
      AppError.conflict(
        IntakeErrorCode.AppointmentExists,
        `you hold a booking for ${snapshot.implementationCode} on ${body.date} already`,
        { field: 'date' },
      );
    const id = randomUUID();
    try {
      const row = await this.store.messaging.transaction(async (tx) => {
        if (await hasActiveBooking(tx, activeKey)) throw exists();
        const key = { servicePointId: point.id, date: body.date, start: slot.start };
        if (!(await takePlace(tx, key, settings.capacity)))
          throw AppError.conflict(IntakeErrorCode.SlotFull, `the slot ${body.date} ${slot.start} is full`, {
            field: 'start',
            capacity: settings.capacity,
          });
        const created = await createAppointment(tx, {
          id,
          servicePointId: point.id,
          regionCode: point.regionCode,
          implementationCode: snapshot.implementationCode,
          itemName: snapshot.baseItem.name,
          date: body.date,
          start: slot.start,
          end: slot.end,
          startsAt,
          userId: user.id,
          userName: user.name,
          status: 'booked',
          activeKey,
          createdAt: now,
        });
        await this.stage(tx, AppointmentBooked, created, now, actorOf(user, 'applicant'));
        return created;
      });
      return this.viewOf(row, point, now);
    } catch (err) {
      // Two bookings of the same citizen at once: the second meets the unique active key.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw exists();
      throw err;
    }
  }

  async mine(user: CurrentUser): Promise<AppointmentList> {
    return this.viewsOf(await appointmentsOf(this.store.prisma, user.id));
  }

  async cancel(user: CurrentUser, id: string): Promise<AppointmentView> {
    const now = this.clock.now();
    const row = await this.store.messaging.transaction(async (tx) => {
      const a = await findAppointment(tx, id);
      if (a === null || a.userId !== user.id) throw AppError.notFound('appointment', id);
      if (!(await cancelAppointment(tx, id, now)))
        throw AppError.conflict(
          IntakeErrorCode.AppointmentNotCancellable,
          a.status === 'cancelled' ? 'cancelled already' : 'the slot has started',
          { status: a.status },
        );
      await releasePlace(tx, { servicePointId: a.servicePointId, date: a.date, start: a.start });
      const cancelled = { ...a, status: 'cancelled', activeKey: null, cancelledAt: now };
      await this.stage(tx, AppointmentCancelled, cancelled, now, actorOf(user, 'applicant'));
      return cancelled;
    });
    const [view] = await this.viewsOf([row]);
    if (view === undefined) throw AppError.notFound('appointment', id);
    return view;
  }

  /**
   * The window's day (default today): booked appointments at the points of the clerk's region (a county clerk sees
   * the county's hall and its townships and villages; a village clerk only the village's points). A point outside
   * the region answers an empty list, like a region without bookings.
   */
  async day(user: CurrentUser, q: DayQuery): Promise<AppointmentDayList> {
    const date = q.date ?? chinaDateString(this.clock.now());
    if (user.region === undefined || !isRegionCode(user.region)) return { date, items: [] };
    const rows = await bookedOn(this.store.prisma, date, q.servicePointId);
    const region = user.region;
    const mine = rows.filter((r) => regionCovers(region, r.regionCode));
    const views = await this.viewsOf(mine);
    return {
      date,
      items: views.map((v, i) => ({ ...v, citizenName: mine[i]?.userName ?? '' })),
    };
  }

  private async viewsOf(rows: readonly AppointmentRow[]): Promise<AppointmentView[]> {
    const points = new Map(
      (await findServicePoints(this.store.prisma, [...new Set(rows.map((r) => r.servicePointId))])).map(
        (p) => [p.id, p],
      ),
    );
    const now = this.clock.now();
    return rows.map((r) => this.viewOf(r, points.get(r.servicePointId), now));
  }

  private viewOf(r: AppointmentRow, point: ServicePoint | undefined, now: Date): AppointmentView {
    return {
      id: r.id,
      status: r.status === 'cancelled' ? 'cancelled' : 'booked',
      servicePoint: {
        id: r.servicePointId,
        name: point?.name ?? r.servicePointId,
        address: point?.address ?? '',
      },
      regionCode: r.regionCode,
      implementationCode: r.implementationCode,
      itemName: r.itemName,
      date: r.date,
      start: r.start,
      end: r.end,
      startsAt: iso(r.startsAt),
      createdAt: iso(r.createdAt),
      cancelledAt: r.cancelledAt ? iso(r.cancelledAt) : null,
      cancellable: r.status === 'booked' && r.startsAt > now,
    };
  }

  private stage(
    tx: IntakeTx,
    event: typeof AppointmentBooked | typeof AppointmentCancelled,
    a: AppointmentRow,
    now: Date,
    actor: Actor,
  ): Promise<unknown> {
    return this.store.messaging.stage(tx, event, {
      appointmentId: a.id,
      servicePointId: a.servicePointId,
      regionCode: a.regionCode,
      implementationCode: a.implementationCode,
      date: a.date,
      start: a.start,
      startsAt: iso(a.startsAt),
      occurredAt: iso(now),
      actor,
    });
  }
}

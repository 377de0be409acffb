/**
 * 预约办理 (issue 26 item 4): a citizen books a window slot at a service point for an item that supports appointment;
 * working days only (the 2026 National Day holiday and weekends are left out, the adjusted Saturday 10 October
 * counts), 14 working days ahead at most, nothing in the past; a slot's capacity holds under simultaneous bookings
 * (real PostgreSQL); one booking per citizen, item and day; the citizen cancels until the slot starts; the window's
 * day list is scoped to the clerk's region. Each write stages its event; a refused one changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Role } from '@hall/auth';
import { demoAccounts, type DemoAccount } from '@hall/auth/dev';
import { AppointmentDayList, AppointmentList, AppointmentSlotDays, AppointmentView } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import request from 'supertest';
import { IntakeStore } from '../src/intake.store.js';
import type { ServicePoint } from '../src/service-points/service-network.js';
import { addServicePoints } from '../src/service-points/service-point.repository.js';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

const citizen = (n: number): DemoAccount => ({
  id: randomUUID(),
  username: `appt.citizen${n}`,
  password: 'demo',
  name: `预约测试${n}`,
  email: `appt.citizen${n}@appointments.example`,
  roles: [Role.Applicant],
  kind: 'person',
  region: '330106',
  description: `预约测试申请人${n}`,
});
const CITIZENS = Array.from({ length: 6 }, (_, i) => citizen(i + 1));
const idOf = (username: string) => demoAccounts.find((a) => a.username === username)?.id ?? '';

describe.each(kinds)('intake 预约办理 on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot({
    service: { handlingForms: ['1', '2'], visits: 1, online: true, appointment: true } as never,
  });
  /** 上城区's implementation: no appointment (是否支持预约办理: 否). */
  const noAppointment = foodSnapshot({ regionCode: '330102' });
  const points: ServicePoint[] = [
    {
      id: 'sp-330106',
      name: '西湖区政务服务中心',
      kind: 'center',
      regionCode: '330106',
      address: '西湖区文三路',
      openingHours: '工作日',
      phone: null,
      acceptsAllOfRegion: true,
      items: [],
      clerkIds: [idOf('clerk.xihu')],
    },
    {
      id: 'sp-330106109201',
      name: '绕城村便民服务站',
      kind: 'station',
      regionCode: '330106109201',
      address: '绕城村',
      openingHours: '工作日',
      phone: null,
      acceptsAllOfRegion: false,
      items: [{ baseCode: snapshot.baseItem.code, mode: 'receive' }],
      clerkIds: [idOf('clerk.village')],
      appointments: { periods: ['09:00-11:00', '14:00-16:00'], slotMinutes: 60, capacity: 1 },
    },
    {
      id: 'sp-330102',
      name: '上城区政务服务中心',
      kind: 'center',
      regionCode: '330102',
      address: '上城区',
      openingHours: '工作日',
      phone: null,
      acceptsAllOfRegion: true,
      items: [],
      clerkIds: [idOf('clerk.shangcheng')],
    },
  ];
  const code = snapshot.implementationCode;
  const book = (username: string, body: Record<string, unknown>) =>
    h.api.post(username, '/appointments', { servicePointId: 'sp-330106', implementationCode: code, ...body });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await h.database.db.sql.query<{ n: number }>(sql, params))[0]?.n);
  const outbox = (id: string) =>
    h.database.db.sql.query<{ type: string }>('SELECT type FROM outbox WHERE key = $1 ORDER BY seq', [id]);

  beforeAll(async () => {
    // Wednesday 30 September 2026, 10:00 China time: the eve of the National Day holiday (1–7 October).
    h = await startIntake(kind, '2026-09-30T02:00:00.000Z', undefined, CITIZENS);
    await addServicePoints(h.app.get(IntakeStore).prisma, points);
    await publishImplementation(h, snapshot);
    await publishImplementation(h, noAppointment);
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('offers slots on working days only: the holiday and Sunday left out, the adjusted Saturday in, 14 ahead', async () => {
    const res = await request(h.url)
      .get('/api/intake/appointments/slots')
      .query({ servicePointId: 'sp-330106', implementationCode: code, from: '2026-09-30', to: '2026-10-12' });
    expect(res.status).toBe(200);
    const slots = strictDeep(AppointmentSlotDays).parse(res.body);
    expect(slots.days.map((d) => d.date)).toEqual([
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
    // 14 working days from today: 30 Sep, 8–10 Oct, 12–16 Oct, 19–23 Oct.
    expect(slots.lastBookableDate).toBe('2026-10-23');
    // Half-hour slots 09:00–12:00 and 13:30–17:00, 2 places each (the defaults); today's started ones not bookable.
    const today = slots.days[0]?.slots ?? [];
    expect(today.map((s) => s.start)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    expect(today.filter((s) => !s.bookable).map((s) => s.start)).toEqual(['09:00', '09:30', '10:00']);
    expect(today[3]).toEqual({ start: '10:30', end: '11:00', capacity: 2, available: 2, bookable: true });
    // The village station's own settings: hour slots, one place each.
    const village = await request(h.url).get('/api/intake/appointments/slots').query({
      servicePointId: 'sp-330106109201',
      implementationCode: code,
      from: '2026-10-08',
      to: '2026-10-08',
    });
    expect(
      village.body.days[0].slots.map((s: { start: string; capacity: number }) => [s.start, s.capacity]),
    ).toEqual([
      ['09:00', 1],
      ['10:00', 1],
      ['14:00', 1],
      ['15:00', 1],
    ]);
  });

  it('refuses bad bookings with a code naming the field, and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM appointment');
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ date: '2026-10-01', start: '09:00' }, 422, 'NOT_WORKING_DAY', 'date'],
      [{ date: '2026-10-11', start: '09:00' }, 422, 'NOT_WORKING_DAY', 'date'],
      [{ date: '2026-09-29', start: '15:00' }, 422, 'SLOT_IN_PAST', 'date'],
      [{ date: '2026-09-30', start: '09:30' }, 422, 'SLOT_IN_PAST', 'start'],
      [{ date: '2026-10-26', start: '09:00' }, 422, 'SLOT_TOO_FAR_AHEAD', 'date'],
      [{ date: '2026-10-08', start: '09:15' }, 422, 'SLOT_UNKNOWN', 'start'],
      [{ date: '2026-10-08', start: '9:00' }, 400, 'VALIDATION_FAILED', 'start'],
      [
        { date: '2026-10-08', start: '09:00', servicePointId: 'sp-330102' },
        422,
        'APPOINTMENT_POINT_NOT_HANDLING',
        'servicePointId',
      ],
      [
        {
          date: '2026-10-08',
          start: '09:00',
          servicePointId: 'sp-330102',
          implementationCode: noAppointment.implementationCode,
        },
        422,
        'APPOINTMENT_NOT_SUPPORTED',
        'implementationCode',
      ],
    ];
    for (const [body, status, errCode, field] of cases) {
      const res = await book('lisi', body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
        JSON.stringify(body),
        status,
        errCode,
      ]);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    // A clerk does not book; nobody books without signing in.
    expect((await book('clerk.xihu', { date: '2026-10-08', start: '09:00' })).status).toBe(403);
    const anon = await request(h.url)
      .post('/api/intake/appointments')
      .send({ servicePointId: 'sp-330106', implementationCode: code, date: '2026-10-08', start: '09:00' });
    expect(anon.status).toBe(401);
    expect(await count('SELECT count(*)::int AS n FROM appointment')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM appointment_slot WHERE booked > 0')).toBe(0);
  });

  it('books across the holiday (the adjusted Saturday), one per citizen and day, fills a slot, cancels', async () => {
    const res = await book('lisi', { date: '2026-10-10', start: '09:00' });
    expect(res.status).toBe(201);
    const booked = strictDeep(AppointmentView).parse(res.body);
    expect(booked).toMatchObject({
      status: 'booked',
      servicePoint: { id: 'sp-330106', name: '西湖区政务服务中心' },
      itemName: '食品经营许可',
      date: '2026-10-10',
      start: '09:00',
      end: '09:30',
      startsAt: '2026-10-10T01:00:00.000Z',
      cancellable: true,
    });
    expect((await outbox(booked.id)).map((e) => e.type)).toEqual(['intake.appointment.booked']);

    // Same citizen, item and day, another slot: refused.
    const again = await book('lisi', { date: '2026-10-10', start: '14:00' });
    expect([again.status, again.body.code]).toEqual([409, 'APPOINTMENT_EXISTS']);
    // Another day is fine; the slot takes a second citizen, then it is full.
    expect((await book('lisi', { date: '2026-10-12', start: '09:00' })).status).toBe(201);
    expect((await book('appt.citizen1', { date: '2026-10-10', start: '09:00' })).status).toBe(201);
    const full = await book('appt.citizen2', { date: '2026-10-10', start: '09:00' });
    expect([full.status, full.body.code]).toEqual([409, 'SLOT_FULL']);

    const mine = strictDeep(AppointmentList).parse((await h.api.get('lisi', '/appointments/mine')).body);
    expect(mine.map((a) => [a.date, a.start, a.status])).toEqual([
      ['2026-10-12', '09:00', 'booked'],
      ['2026-10-10', '09:00', 'booked'],
    ]);
    // Nobody else's: another citizen cannot cancel it (404), and sees none of it.
    expect((await h.api.get('zhangsan', '/appointments/mine')).body).toEqual([]);
    expect((await h.api.post('zhangsan', `/appointments/${booked.id}/cancel`)).status).toBe(404);

    const cancelled = await h.api.post('lisi', `/appointments/${booked.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellable: false });
    expect((await outbox(booked.id)).map((e) => e.type)).toEqual([
      'intake.appointment.booked',
      'intake.appointment.cancelled',
    ]);
    const twice = await h.api.post('lisi', `/appointments/${booked.id}/cancel`);
    expect([twice.status, twice.body.code]).toEqual([409, 'APPOINTMENT_NOT_CANCELLABLE']);
    // The place is free again, and the citizen may book that day again.
    expect((await book('appt.citizen2', { date: '2026-10-10', start: '09:00' })).status).toBe(201);
    expect((await book('lisi', { date: '2026-10-10', start: '14:00' })).status).toBe(201);
  });

  it('does not cancel once the slot has started', async () => {
    const res = await book('appt.citizen3', { date: '2026-09-30', start: '11:00' });
    expect(res.status).toBe(201);
    h.clock.set(new Date('2026-09-30T03:05:00.000Z')); // 11:05 China time
    try {
      const late = await h.api.post('appt.citizen3', `/appointments/${res.body.id}/cancel`);
      expect([late.status, late.body.code]).toEqual([409, 'APPOINTMENT_NOT_CANCELLABLE']);
      const [mine] = (await h.api.get('appt.citizen3', '/appointments/mine')).body as {
        cancellable: boolean;
      }[];
      expect(mine?.cancellable).toBe(false);
    } finally {
      h.clock.set(new Date('2026-09-30T02:00:00.000Z'));
    }
  });

  it("lists a day's bookings for the window, scoped by the clerk's region", async () => {
    expect(
      (await book('appt.citizen4', { servicePointId: 'sp-330106109201', date: '2026-10-09', start: '10:00' }))
        .status,
    ).toBe(201);
    expect((await book('appt.citizen5', { date: '2026-10-09', start: '10:00' })).status).toBe(201);
    const day = async (username: string) =>
      strictDeep(AppointmentDayList).parse(
        (await h.api.get(username, '/appointments/day', { date: '2026-10-09' })).body,
      );
    // The county window sees the county's hall and its village station; the village clerk only the station.
    expect((await day('clerk.xihu')).items.map((i) => [i.servicePoint.id, i.citizenName])).toEqual([
      ['sp-330106109201', '预约测试4'],
      ['sp-330106', '预约测试5'],
    ]);
    expect((await day('clerk.village')).items.map((i) => i.citizenName)).toEqual(['预约测试4']);
    // Another district's clerk sees none of them, even naming the point.
    expect((await day('clerk.shangcheng')).items).toEqual([]);
    const named = await h.api.get('clerk.shangcheng', '/appointments/day', {
      date: '2026-10-09',
      servicePointId: 'sp-330106',
    });
    expect(named.body.items).toEqual([]);
    // Citizens have no window list.
    expect((await h.api.get('lisi', '/appointments/day')).status).toBe(403);
    // Default date: today.
    expect((await day('clerk.xihu')).date).toBe('2026-10-09');
    expect((await h.api.get('clerk.xihu', '/appointments/day')).body.date).toBe('2026-09-30');
  });

  if (kind === 'pg')
    it('holds a slot of capacity 2 under simultaneous bookings: exactly two succeed', async () => {
      const slot = { date: '2026-10-13', start: '15:00' };
      const results = await Promise.all(CITIZENS.map((c) => book(c.username, slot)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 409, 409, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'SLOT_FULL')).toBe(true);
      expect(
        await count(
          "SELECT count(*)::int AS n FROM appointment WHERE date = $1 AND start = $2 AND status = 'booked'",
          [slot.date, slot.start],
        ),
      ).toBe(2);
      expect(
        await count(
          'SELECT booked AS n FROM appointment_slot WHERE service_point_id = $1 AND date = $2 AND start = $3',
          ['sp-330106', slot.date, slot.start],
        ),
      ).toBe(2);
    });
});

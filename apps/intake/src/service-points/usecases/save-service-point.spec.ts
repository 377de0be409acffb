import type { CurrentUser } from '@hall/auth';
import { ServicePointInput } from '@hall/contracts';
import { IntakeErrorCode } from '../../intake.errors.js';
import type { ServicePoint } from '../service-network.js';
import { SaveServicePoint, type ServicePointAdminPort } from './save-service-point.js';

const FOOD = '010010010001';
const PERMIT = '200060020000';

/** The network in memory: saved points by id, and the base items with a published implementation. */
class InMemoryPoints implements ServicePointAdminPort {
  readonly points = new Map<string, ServicePoint>();
  saves = 0;
  find(id: string) {
    return Promise.resolve(this.points.get(id) ?? null);
  }
  save(point: ServicePoint) {
    this.saves++;
    this.points.set(point.id, point);
    return Promise.resolve();
  }
  baseItemNames(codes: readonly string[]) {
    const known = new Map([
      [FOOD, '食品经营许可（新办）'],
      [PERMIT, '居住证申领'],
    ]);
    return Promise.resolve(new Map(codes.flatMap((c) => (known.has(c) ? [[c, known.get(c) ?? '']] : []))));
  }
}

const admin = (region: string | undefined): CurrentUser => ({
  id: 'admin-1',
  username: 'catalog.admin',
  name: '冯涛',
  roles: ['catalog-admin'],
  tokenExp: 2_000_000_000,
  ...(region !== undefined && { region }),
});
const CITY = admin('330100');

const station = (over: Partial<ServicePointInput> = {}) =>
  ServicePointInput.parse({
    name: '庙桥村代办点',
    kind: 'agency',
    regionCode: '330106109202',
    address: '杭州市西湖区三墩镇庙桥村村委会',
    openingHours: '周一至周五 8:30-11:30',
    items: [{ baseCode: FOOD, mode: 'receive' }],
    ...over,
  });

describe('SaveServicePoint (服务网点管理)', () => {
  it('creates a village point with its items and default 预约 settings, and replaces it keeping its clerks', async () => {
    const port = new InMemoryPoints();
    const created = await new SaveServicePoint(port, () => 'sp-new').execute(CITY, null, station());
    expect(created).toEqual({
      id: 'sp-new',
      name: '庙桥村代办点',
      kind: 'agency',
      regionCode: '330106109202',
      address: '杭州市西湖区三墩镇庙桥村村委会',
      openingHours: '周一至周五 8:30-11:30',
      phone: null,
      acceptsAllOfRegion: false,
      items: [{ baseCode: FOOD, mode: 'receive', name: '食品经营许可（新办）' }],
      clerkCount: 0,
      appointments: { periods: ['09:00-12:00', '13:30-17:00'], slotMinutes: 30, capacity: 2 },
    });
    const stored = port.points.get('sp-new');
    if (!stored) throw new Error('not stored');
    port.points.set('sp-new', { ...stored, clerkIds: ['9d0f1c52-4c1e-4f0a-9a57-3b1f0e6c2d41'] });
    const replaced = await new SaveServicePoint(port).execute(
      CITY,
      'sp-new',
      station({
        kind: 'station',
        items: [
          { baseCode: FOOD, mode: 'accept' },
          { baseCode: PERMIT, mode: 'receive' },
        ],
        appointments: { periods: ['08:30-11:30'], slotMinutes: 60, capacity: 3 },
      }),
    );
    expect(replaced).toMatchObject({
      id: 'sp-new',
      kind: 'station',
      clerkCount: 1,
      items: [
        { baseCode: FOOD, mode: 'accept' },
        { baseCode: PERMIT, mode: 'receive', name: '居住证申领' },
      ],
      appointments: { periods: ['08:30-11:30'], slotMinutes: 60, capacity: 3 },
    });
    expect(port.points.get('sp-new')?.appointments).toEqual({
      periods: ['08:30-11:30'],
      slotMinutes: 60,
      capacity: 3,
    });
  });

  it.each([
    [
      'a region outside the administrator’s',
      CITY,
      station({ regionCode: '330203001000' }),
      403,
      IntakeErrorCode.ServicePointOutsideRegion,
      'regionCode',
    ],
    [
      'a comprehensive window in a village',
      CITY,
      station({ acceptsAllOfRegion: true }),
      422,
      IntakeErrorCode.ComprehensiveWindowInVillage,
      'acceptsAllOfRegion',
    ],
    [
      'an item listed twice',
      CITY,
      station({
        items: [
          { baseCode: FOOD, mode: 'receive' },
          { baseCode: FOOD, mode: 'accept' },
        ],
      }),
      422,
      IntakeErrorCode.ServicePointItemDuplicate,
      'items.1.baseCode',
    ],
    [
      'an item without a published implementation',
      CITY,
      station({ items: [{ baseCode: '999999999999', mode: 'receive' }] }),
      422,
      IntakeErrorCode.BaseItemUnknown,
      'items.0.baseCode',
    ],
    [
      'a period that ends before it starts',
      CITY,
      station({ appointments: { periods: ['12:00-09:00'], slotMinutes: 30, capacity: 2 } }),
      422,
      IntakeErrorCode.AppointmentPeriodInvalid,
      'appointments.periods.0',
    ],
    [
      'a period shorter than one slot',
      CITY,
      station({ appointments: { periods: ['09:00-09:30'], slotMinutes: 60, capacity: 2 } }),
      422,
      IntakeErrorCode.AppointmentPeriodInvalid,
      'appointments.periods.0',
    ],
    [
      'overlapping periods',
      CITY,
      station({ appointments: { periods: ['13:00-17:00', '09:00-13:30'], slotMinutes: 30, capacity: 2 } }),
      422,
      IntakeErrorCode.AppointmentPeriodInvalid,
      'appointments.periods.0',
    ],
    [
      'an administrator without a region',
      admin(undefined),
      station(),
      403,
      IntakeErrorCode.RegionMissing,
      undefined,
    ],
  ])('refuses %s, saving nothing', async (_label, user, input, status, code, field) => {
    const port = new InMemoryPoints();
    const err = await new SaveServicePoint(port).execute(user, null, input).catch((e: unknown) => e);
    expect(err).toMatchObject({ status, code });
    if (field) expect(err).toMatchObject({ details: { field } });
    expect(port.saves).toBe(0);
  });

  it('lets a township 便民服务中心 be the comprehensive window of its 乡镇级 items', async () => {
    const port = new InMemoryPoints();
    const township = await new SaveServicePoint(port, () => 'sp-sandun').execute(
      CITY,
      null,
      station({
        name: '三墩镇便民服务中心',
        kind: 'center',
        regionCode: '330106109000',
        acceptsAllOfRegion: true,
      }),
    );
    expect(township).toMatchObject({ regionCode: '330106109000', acceptsAllOfRegion: true });
  });

  it('answers 404 for an unknown point and for one outside the administrator’s region', async () => {
    const port = new InMemoryPoints();
    await new SaveServicePoint(port, () => 'sp-sh').execute(
      admin('330102'),
      null,
      station({ regionCode: '330102002001', name: '东坡路社区代办点' }),
    );
    const xihu = admin('330106');
    await expect(new SaveServicePoint(port).execute(xihu, 'sp-sh', station())).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    await expect(new SaveServicePoint(port).execute(xihu, 'sp-none', station())).rejects.toMatchObject({
      status: 404,
    });
    expect(port.saves).toBe(1);
  });
});

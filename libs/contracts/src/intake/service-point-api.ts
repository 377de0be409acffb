/**
 * HTTP contract of intake's service network (服务网点, `/api/intake/service-points…`): where an item can be handled
 * down to the village, and the 代办 handover of an application from a point that only takes it in (收件) to the
 * competent window. Browser-safe: zod only.
 */
import { z } from 'zod';
import { ScopeRegionCode } from '../shared/catalog-codes.js';

const Instant = z.iso.datetime({ offset: true });

/** 便民服务中心 `center` (county or township hall), 便民服务站 `station` (village), 代办点 `agency` (a desk that only 代办s). */
export const ServicePointKind = z
  .enum(['center', 'station', 'agency'])
  .describe('服务网点类型: 便民服务中心 center, 便民服务站 station, 代办点 agency');
export type ServicePointKind = z.infer<typeof ServicePointKind>;

/**
 * What a point does with an item: `accept` — full acceptance (受理) at the point; `receive` — takes the application in
 * (收件, 代办) and hands it over to the competent window, which accepts.
 */
export const ServicePointMode = z
  .enum(['accept', 'receive'])
  .describe('办理方式: accept 受理 at the point, receive 收件/代办 (handed over to the competent window)');
export type ServicePointMode = z.infer<typeof ServicePointMode>;

/** How near a point is to the asking region: the deepest level both lie in. */
export const ServicePointNearness = z
  .enum(['village', 'township', 'county', 'city', 'province', 'elsewhere'])
  .describe('Nearness to the asked region: same village, township, county, city, province, or elsewhere');
export type ServicePointNearness = z.infer<typeof ServicePointNearness>;

/** A point as the public sees it. */
export const ServicePointView = z.object({
  id: z.string().describe('网点代码'),
  name: z.string().describe('网点名称'),
  kind: ServicePointKind,
  regionCode: ScopeRegionCode.describe('The region (county, township or village) the point serves'),
  address: z.string().describe('地址'),
  openingHours: z.string().describe('办公时间'),
  phone: z.string().nullable().describe('咨询电话'),
  acceptsAllOfRegion: z
    .boolean()
    .describe(
      "The county's comprehensive window (综合窗口): it accepts every item implemented in its region",
    ),
  items: z
    .array(
      z.object({
        baseCode: z
          .string()
          .describe('基本目录 code of the item (its implementation is the one competent for the point)'),
        mode: ServicePointMode,
      }),
    )
    .describe('Items listed for the point and what it does with each'),
});
export type ServicePointView = z.infer<typeof ServicePointView>;

/** GET /service-points: filter by item, order by nearness to a region. */
export const ServicePointQuery = z
  .object({
    implementationCode: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Only points where this implementation can be handled (accepted or 代办)'),
    region: ScopeRegionCode.optional().describe(
      "The user's region: nearest first (same village, township, county …); without it by region code",
    ),
  })
  .strict();
export type ServicePointQuery = z.input<typeof ServicePointQuery>;

/** One answer row: the point, what it does with the asked item (when one was asked) and how near it is. */
export const ServicePointHit = ServicePointView.extend({
  mode: ServicePointMode.nullable().describe('What the point does with the asked item (null: no item asked)'),
  nearness: ServicePointNearness.nullable().describe('Nearness to the asked region (null: no region asked)'),
});
export type ServicePointHit = z.infer<typeof ServicePointHit>;

export const ServicePointList = z.array(ServicePointHit);
export type ServicePointList = z.infer<typeof ServicePointList>;

/** 预约 time period of a working day, "HH:MM-HH:MM" (China time). */
export const AppointmentPeriod = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'a time period HH:MM-HH:MM (e.g. 09:00-12:00)')
  .describe('预约时段 HH:MM-HH:MM, China time');

/** How a point offers window slots (预约): periods of a working day, slot length, places per slot. */
export const ServicePointAppointmentSettings = z
  .object({
    periods: z
      .array(AppointmentPeriod)
      .min(1)
      .max(6)
      .describe('预约时段: the periods of a working day cut into slots (start before end, not overlapping)'),
    slotMinutes: z.number().int().min(10).max(240).describe('每个号段分钟数: length of one slot in minutes'),
    capacity: z
      .number()
      .int()
      .min(1)
      .max(100)
      .describe(
        '每个号段可约人数: bookings one slot takes (windows open for appointments × citizens per window)',
      ),
  })
  .strict();
export type ServicePointAppointmentSettings = z.infer<typeof ServicePointAppointmentSettings>;

/**
 * POST /service-points (create) and PUT /service-points/:id (replace): a point of the administrator's region with
 * its items (受理 or 收件/代办) and 预约 settings. `clerkIds` left out of a PUT keeps the point's clerks.
 */
export const ServicePointInput = z
  .object({
    name: z.string().trim().min(2).max(100).describe('网点名称'),
    kind: ServicePointKind,
    regionCode: ScopeRegionCode.describe('所在区划: county (6 digits), township or village (12 digits)'),
    address: z.string().trim().min(2).max(200).describe('地址'),
    openingHours: z.string().trim().min(2).max(200).describe('办公时间'),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,30}$/, 'a telephone number (digits, +, -, parentheses, spaces)')
      .nullable()
      .default(null)
      .describe('咨询电话'),
    acceptsAllOfRegion: z
      .boolean()
      .default(false)
      .describe("综合窗口: accepts every item implemented in its region (a county's 政务服务中心 only)"),
    items: z
      .array(
        z
          .object({
            baseCode: z
              .string()
              .regex(/^\d{12}$/, 'a 12-digit 基本编码')
              .describe('基本编码 of the item'),
            mode: ServicePointMode,
          })
          .strict(),
      )
      .max(300)
      .default([])
      .describe('Items the point accepts (受理) or only takes in (收件/代办); each item once'),
    clerkIds: z
      .array(z.uuid())
      .max(100)
      .optional()
      .describe("Subjects (sub) of the point's clerks; left out: unchanged (none for a new point)"),
    appointments: ServicePointAppointmentSettings.default({
      periods: ['09:00-12:00', '13:30-17:00'],
      slotMinutes: 30,
      capacity: 2,
    }).describe('预约 settings (default: 09:00-12:00 and 13:30-17:00, 30-minute slots, 2 places)'),
  })
  .strict();
export type ServicePointInput = z.input<typeof ServicePointInput>;

/** A point as its administrator sees it: the public view, item names, number of clerks and 预约 settings. */
export const ServicePointAdmin = ServicePointView.extend({
  items: z
    .array(
      z.object({
        baseCode: z.string().describe('基本编码'),
        mode: ServicePointMode,
        name: z
          .string()
          .nullable()
          .describe('事项名称 (null: no published implementation of the item known)'),
      }),
    )
    .describe('Items listed for the point and what it does with each'),
  clerkCount: z
    .number()
    .int()
    .min(0)
    .describe("Number of the point's clerks (their identities are not shown)"),
  appointments: ServicePointAppointmentSettings,
});
export type ServicePointAdmin = z.infer<typeof ServicePointAdmin>;

/** GET /service-points/admin: the points of the administrator's region, by region code. */
export const ServicePointAdminList = z.object({
  items: z.array(ServicePointAdmin).describe("Points in the administrator's region, by region code"),
});
export type ServicePointAdminList = z.infer<typeof ServicePointAdminList>;

/** POST /applications/:no/handover: the 代办 clerk hands the application over to the competent window. */
export const ApplicationHandoverBody = z
  .object({
    note: z.string().trim().max(500).optional().describe('交接说明 (e.g. how the paper originals travel)'),
  })
  .strict();
export type ApplicationHandoverBody = z.input<typeof ApplicationHandoverBody>;

/** Where an application is (我的办件: 当前所在网点) and its handover, if it had one. */
export const ApplicationLocation = z.object({
  servicePoint: z
    .object({ id: z.string(), name: z.string(), kind: ServicePointKind, regionCode: z.string() })
    .nullable()
    .describe(
      'The point that holds the application now (null: the competent window online, no point involved)',
    ),
  handoverPending: z
    .boolean()
    .describe('Taken in (收件) at a 代办 point and not yet handed over to the competent window'),
  handover: z
    .object({
      from: z.object({ id: z.string(), name: z.string() }),
      to: z.object({ id: z.string(), name: z.string() }),
      at: Instant,
    })
    .nullable()
    .describe('The 代办 handover, once done'),
});
export type ApplicationLocation = z.infer<typeof ApplicationLocation>;

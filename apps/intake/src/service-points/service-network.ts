import { countyOf, isRegionCode, regionCovers, regionLevel } from '@hall/auth';
import type { ServicePointMode, ServicePointNearness, ServicePointView } from '@hall/contracts';

/**
 * The service network (服务网点, 便民服务中心/站, 代办点) down to the village: which point handles an item and how (受理 or
 * only 收件 with a handover), and how near a point is to someone's region. Pure rules; the repository loads the rows.
 */
export type ServicePoint = ServicePointView & {
  clerkIds: readonly string[];
  /** 预约 settings (default: 09:00-12:00 and 13:30-17:00, half-hour slots, 2 places per slot). */
  appointments?: AppointmentSettings;
};

/** How a point offers window slots (预约): periods of a working day, slot length, places per slot. */
export interface AppointmentSettings {
  /** "HH:MM-HH:MM", China time. */
  periods: readonly string[];
  slotMinutes: number;
  capacity: number;
}

/** The implementation as the network sees it: where it is exercised and which base item it implements. */
export interface ItemAt {
  regionCode: string;
  baseCode: string;
}

/**
 * What `point` does with the item: the county's comprehensive window (`acceptsAllOfRegion`) accepts every
 * implementation of its own region; a listed item is handled as listed, but only where the implementation's region
 * covers the point (a village station of 西湖区 代办s 西湖区's implementation, never 上城区's). Otherwise null.
 */
export function modeAt(point: ServicePoint, item: ItemAt): ServicePointMode | null {
  if (point.acceptsAllOfRegion && point.regionCode === item.regionCode) return 'accept';
  const listed = point.items.find((i) => i.baseCode === item.baseCode);
  if (listed && regionCovers(item.regionCode, point.regionCode)) return listed.mode;
  return null;
}

const RANK: Readonly<Record<ServicePointNearness, number>> = {
  village: 0,
  township: 1,
  county: 2,
  city: 3,
  province: 4,
  elsewhere: 5,
};

/** The deepest level two regions share: same village, township, county, city, province, or none. */
export function nearness(a: string, b: string): ServicePointNearness {
  if (!isRegionCode(a) || !isRegionCode(b)) return 'elsewhere';
  if (a === b && regionLevel(a) === 'village') return 'village';
  if (a.length === 12 && b.length === 12 && a.slice(0, 9) === b.slice(0, 9)) return 'township';
  const ca = countyOf(a);
  const cb = countyOf(b);
  const deep = (code: string) => ['county', 'township', 'village'].includes(regionLevel(code));
  if (ca === cb && deep(a) && deep(b)) return 'county';
  if (ca.slice(0, 4) === cb.slice(0, 4) && !ca.endsWith('0000') && !cb.endsWith('0000')) return 'city';
  if (ca.slice(0, 2) === cb.slice(0, 2)) return 'province';
  return 'elsewhere';
}

/**
 * Nearest first for `region`: by the level both share; among equals the point whose region covers the asker's comes
 * first (the asker's own township before a neighbouring one, the county's hall before another county's), then the
 * deeper point, then by code.
 */
export function byNearness(
  region: string,
): (a: Pick<ServicePoint, 'id' | 'regionCode'>, b: Pick<ServicePoint, 'id' | 'regionCode'>) => number {
  return (a, b) =>
    RANK[nearness(a.regionCode, region)] - RANK[nearness(b.regionCode, region)] ||
    Number(regionCovers(b.regionCode, region)) - Number(regionCovers(a.regionCode, region)) ||
    b.regionCode.length - a.regionCode.length ||
    a.id.localeCompare(b.id);
}

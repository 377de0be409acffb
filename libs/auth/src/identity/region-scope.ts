/**
 * Region scope (辖区): which administrative divisions an account's `region` attribute covers.
 *
 * Two code shapes, five levels:
 * - 6-digit administrative division codes (行政区划代码, GB/T 2260) down to the county: province 2 + city 2 +
 *   county 2. A province (省级, `xx0000`) covers every code of the province, a city (地级, `xxxx00`) every code of
 *   the city, a county-level code (县级, including county-level cities such as 330182 建德市) itself and everything
 *   below it. Municipalities (直辖市) follow the same shape: 110000 北京市 covers 1101xx, 110100 市辖区 covers
 *   110101 东城区.
 * - 12-digit statistical division codes (统计用区划代码, National Bureau of Statistics) below the county: county 6 +
 *   township 3 (乡/镇/街道) + village 3 (村/社区). A township (`ccccccttt000`) covers itself and its villages; a
 *   village covers only itself.
 *
 * The 12-digit form of a county or anything above (`330106000000`) is not a second name for it: the canonical code
 * of a county is its 6-digit code (`normalizeRegionCode` maps one to the other where codes come in from outside). A
 * township part `000` under a village part, or anything else, is malformed: it covers nothing and is covered by
 * nothing (fail closed), so a malformed token attribute never widens a scope.
 */

const COUNTY_OR_ABOVE = /^\d{6}$/;
/** Township `ccccccttt000` or village `cccccctttvvv`, township part never `000`. */
const BELOW_COUNTY = /^\d{6}(?!000)\d{3}\d{3}$/;

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** True for a canonical region code: 6 digits (county and above) or 12 digits (township or village). */
export function isRegionCode(value: string): boolean {
  return COUNTY_OR_ABOVE.test(value) || BELOW_COUNTY.test(value);
}

/** The canonical form of a code from outside: `330106000000` → `330106`; anything else unchanged. */
export function normalizeRegionCode(value: string): string {
  return /^\d{6}000000$/.test(value) ? value.slice(0, 6) : value;
}

/** The level of a canonical code (throws a RangeError for anything else). */
export function regionLevel(code: string): RegionLevel {
  if (BELOW_COUNTY.test(code)) return code.endsWith('000') ? 'township' : 'village';
  if (!COUNTY_OR_ABOVE.test(code))
    throw new RangeError(
      `${JSON.stringify(code)} is not a region code (6-digit GB/T 2260 or 12-digit 统计用区划代码)`,
    );
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The county (6 digits) a code lies in; a county or anything above is returned as it is. */
export function countyOf(code: string): string {
  return code.slice(0, 6);
}

/**
 * The code prefix a scope covers: `33` for 330000, `3301` for 330100, the code itself for a county, the first nine
 * digits for a township, all twelve for a village. For a database filter (`startsWith`, `LIKE prefix%`); throws a
 * RangeError for a malformed scope, so it never becomes a short prefix. Check `isRegionCode` where the scope enters
 * the service.
 */
export function regionPrefix(scope: string): string {
  switch (regionLevel(scope)) {
    case 'province':
      return scope.slice(0, 2);
    case 'city':
      return scope.slice(0, 4);
    case 'township':
      return scope.slice(0, 9);
    default:
      return scope;
  }
}

/** Whether an account scoped to `scopeRegion` covers `targetRegion` (both canonical codes; otherwise false). */
export function regionCovers(scopeRegion: string, targetRegion: string): boolean {
  if (!isRegionCode(scopeRegion) || !isRegionCode(targetRegion)) return false;
  return targetRegion.startsWith(regionPrefix(scopeRegion));
}

/**
 * Region scope (辖区): which administrative divisions an account's `region` attribute covers.
 *
 * Region codes are 6-digit administrative division codes (行政区划代码, GB/T 2260): province 2 + city 2 + county 2.
 * A province (省级, `xx0000`) covers every code of the province, a city (地级, `xxxx00`) every code of the city, a
 * county-level code (县级, including county-level cities such as 330182 建德市) only itself. Municipalities
 * (直辖市) follow the same shape: 110000 北京市 covers 1101xx, 110100 市辖区 covers 110101 东城区.
 *
 * Anything that is not six digits covers nothing and is covered by nothing (fail closed): a malformed token
 * attribute must not widen a scope.
 */

const REGION_CODE = /^\d{6}$/;

/** True for a 6-digit administrative division code. */
export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/**
 * The code prefix a scope covers: `33` for 330000, `3301` for 330100, the code itself for a county. For a database
 * filter (`startsWith`, `LIKE prefix%`); throws a RangeError for anything but a 6-digit code, so a malformed scope
 * never becomes a short prefix. Check `isRegionCode` where the scope enters the service.
 */
export function regionPrefix(scope: string): string {
  if (!isRegionCode(scope))
    throw new RangeError(
      `region scope ${JSON.stringify(scope)} is not a 6-digit administrative division code`,
    );
  if (scope.endsWith('0000')) return scope.slice(0, 2);
  if (scope.endsWith('00')) return scope.slice(0, 4);
  return scope;
}

/** Whether an account scoped to `scopeRegion` covers `targetRegion` (both 6-digit codes; otherwise false). */
export function regionCovers(scopeRegion: string, targetRegion: string): boolean {
  if (!isRegionCode(scopeRegion) || !isRegionCode(targetRegion)) return false;
  return targetRegion.startsWith(regionPrefix(scopeRegion));
}

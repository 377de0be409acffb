import {
  isRegionCode,
  normalizeRegionCode,
  regionCovers,
  regionLevel,
  regionPrefix,
} from './region-scope.js';

describe('region scope (GB/T 2260 and 统计用区划代码)', () => {
  it.each([
    ['330000', '33'],
    ['330100', '3301'],
    ['330106', '330106'],
    ['110000', '11'],
    ['110100', '1101'],
    ['110101', '110101'],
    ['429000', '4290'],
    ['330106004000', '330106004'], // a township (街道) covers its villages (社区)
    ['330106004001', '330106004001'], // a village (社区) only itself
  ])('scope %s covers codes starting with %s', (scope, prefix) => {
    expect(regionPrefix(scope)).toBe(prefix);
  });

  it.each([
    '',
    '33',
    '3300',
    '33010',
    '3301000',
    '33010a',
    ' 330100',
    '330106000000', // the 12-digit spelling of a county is not canonical (normalizeRegionCode maps it)
    '330106000001', // a village without a township
    '3301060040001',
    '33010600400',
  ])('%j is no scope: regionPrefix throws', (scope) => {
    expect(isRegionCode(scope)).toBe(false);
    expect(() => regionPrefix(scope)).toThrow(RangeError);
  });

  it.each([
    // city scope
    ['330100', '330106', true],
    ['330100', '330100', true],
    ['330100', '330182', true], // 建德市, a county-level city of Hangzhou
    ['330100', '330203', false],
    ['330100', '330000', false], // a city does not cover its province
    // province scope
    ['330000', '330203', true],
    ['330000', '330000', true],
    ['330000', '340100', false],
    // county scope: only itself
    ['330106', '330106', true],
    ['330106', '330102', false],
    ['330106', '330100', false],
    ['330182', '330182', true],
    ['330182', '330100', false],
    // municipality (直辖市)
    ['110000', '110101', true],
    ['110000', '110100', true],
    ['110100', '110101', true],
    ['110101', '110101', true],
    ['110101', '110102', false],
    ['110101', '110100', false],
    ['110100', '110228', false], // old 110200 (县) is not under 市辖区
    ['110000', '120101', false],
    // 省直辖县级行政区划 (429000) and a county-level city under it (429004 仙桃市)
    ['420000', '429004', true],
    ['429000', '429004', true],
    ['420100', '429004', false],
    // malformed scopes cover nothing (fail closed), malformed targets are covered by nothing
    ['', '330106', false],
    ['33', '330106', false],
    ['3300', '330106', false],
    ['330106000000', '330106', false],
    ['330100', '', false],
    ['330100', '3301', false],
    ['330100', 'unknown', false],
    ['330100', '330106000000', false],
    // below the county (统计用区划代码): a county covers its townships and villages, a township its villages
    ['330100', '330106004001', true],
    ['330000', '330106004000', true],
    ['330106', '330106004000', true],
    ['330106', '330106004001', true],
    ['330102', '330106004001', false],
    ['330106004000', '330106004000', true],
    ['330106004000', '330106004001', true],
    ['330106004000', '330106005001', false],
    ['330106004000', '330106', false], // a township does not cover its county
    ['330106004001', '330106004001', true],
    ['330106004001', '330106004002', false],
    ['330106004001', '330106004000', false], // a village does not cover its township
  ])('scope %j covers %j: %s', (scope, target, expected) => {
    expect(regionCovers(scope, target)).toBe(expected);
  });

  it.each([
    ['330000', 'province'],
    ['330100', 'city'],
    ['330106', 'county'],
    ['330106004000', 'township'],
    ['330106004001', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(regionLevel(code)).toBe(level);
  });

  it('maps the 12-digit spelling of a county (or above) to its 6-digit code and leaves the rest alone', () => {
    expect(normalizeRegionCode('330106000000')).toBe('330106');
    expect(normalizeRegionCode('330100000000')).toBe('330100');
    expect(normalizeRegionCode('330106004000')).toBe('330106004000');
    expect(normalizeRegionCode('330106')).toBe('330106');
    expect(normalizeRegionCode('x')).toBe('x');
  });
});

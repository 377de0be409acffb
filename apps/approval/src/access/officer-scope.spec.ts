import { regionCovers, regionPrefix } from './officer-scope.js';

describe('officer region scope', () => {
  it.each([
    ['330000', '33'],
    ['330100', '3301'],
    ['330106', '330106'],
  ])('region %s covers codes starting with %s', (region, prefix) => {
    expect(regionPrefix(region)).toBe(prefix);
  });

  it.each([
    ['330100', '330106', true],
    ['330100', '330100', true],
    ['330100', '330203', false],
    ['330106', '330102', false],
    ['330000', '330203', true],
    ['330106', '330100', false],
  ])('officer in %s sees a case of %s: %s', (officer, caseRegion, expected) => {
    expect(regionCovers(officer, caseRegion)).toBe(expected);
  });
});

import { formatIndexNo } from './index-number.js';

describe('索引号', () => {
  it('joins agency code, year, category code and a five-digit serial', () => {
    expect(formatIndexNo('330100-SCJG', 2026, 'decision', 1)).toBe('330100-SCJG/2026-JC-00001');
    expect(formatIndexNo('330100-WSJK', 2027, 'result', 12345)).toBe('330100-WSJK/2027-JG-12345');
  });

  it('refuses a serial it cannot write in five digits', () => {
    expect(() => formatIndexNo('330100-SCJG', 2026, 'service', 0)).toThrow(RangeError);
    expect(() => formatIndexNo('330100-SCJG', 2026, 'service', 100_000)).toThrow(RangeError);
  });
});

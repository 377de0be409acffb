import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: '证照' } })).toBe(
      '{"a":{"c":"证照","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it.each([[{ a: undefined }], [{ a: Number.NaN }], [{ a: new Date(0) }], [{ a: () => 1 }]])(
    'refuses non-JSON values %#',
    (v) => {
      expect(() => canonicalJson(v)).toThrow(TypeError);
    },
  );
});

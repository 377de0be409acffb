import { describe, expect, it } from '@jest/globals';
import QRCode from 'qrcode';
import { darkModulePath, encodeQr, formatInfoBits } from './qr-code.js';

const LEVELS = ['L', 'M', 'Q', 'H'] as const;

/** A verification URL like the licence service's (prefix, base64url claims, base64url SM2 signature). */
function verificationUrl(i: number): string {
  const claims = Buffer.from(
    JSON.stringify({
      i: `1.2.156.3005.2.FBL.11330106MB16325005.${10000000 + i}.001.R`,
      h: '杭州'.repeat(i % 9),
    }),
  ).toString('base64url');
  return `https://hall.example/verify?p=HL1.${claims}.${Buffer.alloc(64, i).toString('base64url')}`;
}

describe('encodeQr', () => {
  it('makes the same symbol as the qrcode package (its mask choice) for every level and many sizes', () => {
    const texts = [
      'a',
      ...Array.from({ length: 40 }, (_, i) => verificationUrl(i)),
      ...Array.from({ length: 30 }, (_, i) => 'x'.repeat(7 * i + 1)),
    ];
    const masks = new Set<number>();
    for (const text of texts) {
      for (const level of LEVELS) {
        const theirs = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
          errorCorrectionLevel: level,
        });
        masks.add(theirs.maskPattern as unknown as number);
        const ours = encodeQr(text, level);
        expect(ours.size).toBe(theirs.modules.size);
        expect(Buffer.from(ours.data).equals(Buffer.from(theirs.modules.data))).toBe(true);
      }
    }
    // The texts exercise more than one mask choice (a fixed mask would not pass).
    expect(masks.size).toBeGreaterThan(4);
  });

  it('writes the format information (ISO/IEC 18004 annex C: M with mask 5 is 100000011001110)', () => {
    expect(formatInfoBits('M', 5).toString(2).padStart(15, '0')).toBe('100000011001110');
    expect(formatInfoBits('M', 0).toString(2).padStart(15, '0')).toBe('101010000010010');
    expect(formatInfoBits('L', 4).toString(2).padStart(15, '0')).toBe('110011000101111');
    expect(formatInfoBits('H', 7).toString(2).padStart(15, '0')).toBe('000100000111011');
  });
});

describe('darkModulePath', () => {
  it('covers exactly the dark modules, a run repeated in the rows below drawn once', () => {
    // 1 1 0
    // 1 1 0
    // 0 1 1
    const path = darkModulePath([1, 1, 0, 1, 1, 0, 0, 1, 1], 3);
    expect(path.trim().split('\n').sort()).toEqual(['0 0 2 2 re', '1 2 2 1 re']);
    const covered = new Set<string>();
    for (const m of path.matchAll(/(\d+) (\d+) (\d+) (\d+) re/g)) {
      const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) covered.add(`${r},${c}`);
    }
    expect([...covered].sort()).toEqual(['0,0', '0,1', '1,0', '1,1', '2,1', '2,2']);
  });
});

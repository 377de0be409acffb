import { LicenceIdentifier, LT } from '@hall/contracts';
import { describe, expect, it } from '@jest/globals';
import {
  buildLicenceIdentifier,
  formatSerial,
  isValidLicenceIdentifier,
  mod3736CheckCharacter,
  parseLicenceIdentifier,
} from './licence-identifier.js';

// Samples computed by hand with ISO/IEC 7064 MOD 37,36 (hybrid, M = 36):
//   P₀ = 36; per character value a: S = (P + a) mod 36 (0 → 36); P = 2·S mod 37; check c = (37 − P) mod 36.
//   Values: '0'-'9' → 0-9, 'A' → 10 … 'Z' → 35; the check value maps back the same way.
//
// Sample A: "A1"
//   A a=10  S=(36+10) mod 36 = 10  P=2·10 mod 37 = 20
//   1 a= 1  S=(20+ 1) mod 36 = 21  P=2·21 mod 37 =  5
//   check = (37 − 5) mod 36 = 32 → 'W'
//
// Sample B: 1.2.156.3005.2.FBL.11330106MB16325005.00000001.001.R
//   input "FBL" + "11330106MB16325005" + "00000001" + "001" (32 characters)
//   F a=15  S=(36+15) mod 36 = 15  P=2·15 mod 37 = 30
//   B a=11  S=(30+11) mod 36 =  5  P=2· 5 mod 37 = 10
//   L a=21  S=(10+21) mod 36 = 31  P=2·31 mod 37 = 25
//   1 a= 1  S=(25+ 1) mod 36 = 26  P=2·26 mod 37 = 15
//   1 a= 1  S=(15+ 1) mod 36 = 16  P=2·16 mod 37 = 32
//   3 a= 3  S=(32+ 3) mod 36 = 35  P=2·35 mod 37 = 33
//   3 a= 3  S=(33+ 3) mod 36 = 36  P=2·36 mod 37 = 35   (remainder 0 → 36)
//   0 a= 0  S=(35+ 0) mod 36 = 35  P=2·35 mod 37 = 33
//   1 a= 1  S=(33+ 1) mod 36 = 34  P=2·34 mod 37 = 31
//   0 a= 0  S=(31+ 0) mod 36 = 31  P=2·31 mod 37 = 25
//   6 a= 6  S=(25+ 6) mod 36 = 31  P=2·31 mod 37 = 25
//   M a=22  S=(25+22) mod 36 = 11  P=2·11 mod 37 = 22
//   B a=11  S=(22+11) mod 36 = 33  P=2·33 mod 37 = 29
//   1 a= 1  S=(29+ 1) mod 36 = 30  P=2·30 mod 37 = 23
//   6 a= 6  S=(23+ 6) mod 36 = 29  P=2·29 mod 37 = 21
//   3 a= 3  S=(21+ 3) mod 36 = 24  P=2·24 mod 37 = 11
//   2 a= 2  S=(11+ 2) mod 36 = 13  P=2·13 mod 37 = 26
//   5 a= 5  S=(26+ 5) mod 36 = 31  P=2·31 mod 37 = 25
//   0 a= 0  S=(25+ 0) mod 36 = 25  P=2·25 mod 37 = 13
//   0 a= 0  S=(13+ 0) mod 36 = 13  P=2·13 mod 37 = 26
//   5 a= 5  S=(26+ 5) mod 36 = 31  P=2·31 mod 37 = 25
//   0 a= 0  S=(25+ 0) mod 36 = 25  P=2·25 mod 37 = 13
//   0 a= 0  S=(13+ 0) mod 36 = 13  P=2·13 mod 37 = 26
//   0 a= 0  S=(26+ 0) mod 36 = 26  P=2·26 mod 37 = 15
//   0 a= 0  S=(15+ 0) mod 36 = 15  P=2·15 mod 37 = 30
//   0 a= 0  S=(30+ 0) mod 36 = 30  P=2·30 mod 37 = 23
//   0 a= 0  S=(23+ 0) mod 36 = 23  P=2·23 mod 37 =  9
//   0 a= 0  S=( 9+ 0) mod 36 =  9  P=2· 9 mod 37 = 18
//   1 a= 1  S=(18+ 1) mod 36 = 19  P=2·19 mod 37 =  1
//   0 a= 0  S=( 1+ 0) mod 36 =  1  P=2· 1 mod 37 =  2
//   0 a= 0  S=( 2+ 0) mod 36 =  2  P=2· 2 mod 37 =  4
//   1 a= 1  S=( 4+ 1) mod 36 =  5  P=2· 5 mod 37 = 10
//   check = (37 − 10) mod 36 = 27 → 'R'
//
// Sample C: 1.2.156.3005.2.PHL.11330100MB0000001R.00000012.002.U  (steps as char:S/P)
//   P:25/13  H:30/23  L:8/16  1:17/34  1:35/33  3:36/35  3:2/4  0:4/8
//   1:9/18  0:18/36  0:36/35  M:21/5  B:16/32  0:32/27  0:27/17  0:17/34
//   0:34/31  0:31/25  0:25/13  1:14/28  R:19/1  0:1/2  0:2/4  0:4/8
//   0:8/16  0:16/32  0:32/27  1:28/19  2:21/5  0:5/10  0:10/20  2:22/7
//   check = (37 − 7) mod 36 = 30 → 'U'

const SAMPLE_B = '1.2.156.3005.2.FBL.11330106MB16325005.00000001.001.R';
const SAMPLE_C = '1.2.156.3005.2.PHL.11330100MB0000001R.00000012.002.U';

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('gives the hand-computed check characters', () => {
    expect(mod3736CheckCharacter('A1')).toBe('W');
    expect(mod3736CheckCharacter('FBL11330106MB1632500500000001001')).toBe('R');
    expect(mod3736CheckCharacter('PHL11330100MB0000001R00000012002')).toBe('U');
  });

  it('is case-insensitive and refuses characters outside 0-9A-Z', () => {
    expect(mod3736CheckCharacter('a1')).toBe('W');
    expect(() => mod3736CheckCharacter('A-1')).toThrow(RangeError);
    expect(() => mod3736CheckCharacter('')).toThrow(RangeError);
  });

  it('detects every single-character substitution in a sample', () => {
    const input = 'FBL11330106MB1632500500000001001';
    const check = mod3736CheckCharacter(input);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < input.length; i++) {
      for (const ch of alphabet) {
        if (ch === input[i]) continue;
        expect(mod3736CheckCharacter(input.slice(0, i) + ch + input.slice(i + 1))).not.toBe(check);
      }
    }
  });
});

describe('licence identifier', () => {
  it('builds the hand-computed samples', () => {
    expect(
      buildLicenceIdentifier({
        typeCode: 'FBL',
        issuerUscc: '11330106MB16325005',
        serial: formatSerial(1),
        version: 1,
      }),
    ).toBe(SAMPLE_B);
    expect(
      buildLicenceIdentifier({
        typeCode: 'PHL',
        issuerUscc: '11330100MB0000001R',
        serial: formatSerial(12),
        version: 2,
      }),
    ).toBe(SAMPLE_C);
  });

  it('accepts the samples and matches the event contract', () => {
    for (const id of [SAMPLE_B, SAMPLE_C]) {
      expect(isValidLicenceIdentifier(id)).toBe(true);
      expect(LicenceIdentifier.safeParse(id).success).toBe(true);
    }
    expect(parseLicenceIdentifier(SAMPLE_C)).toEqual({
      ok: true,
      parts: {
        typeCode: 'PHL',
        issuerUscc: '11330100MB0000001R',
        serial: '00000012',
        version: 2,
        check: 'U',
      },
    });
  });

  it.each([
    ['a wrong check character', SAMPLE_B.replace(/R$/, 'S'), 'CHECK_CHARACTER'],
    ['a changed serial', SAMPLE_B.replace('.00000001.', '.00000002.'), 'CHECK_CHARACTER'],
    ['a changed version', SAMPLE_B.replace('.001.', '.002.'), 'CHECK_CHARACTER'],
    ['another issuer', SAMPLE_B.replace('11330106MB16325005', '11330100MB0000001R'), 'CHECK_CHARACTER'],
    ['a wrong prefix', SAMPLE_B.replace('1.2.156.3005.2.', '1.2.156.3005.1.'), 'FORMAT'],
    ['a two-digit version', SAMPLE_B.replace('.001.', '.01.'), 'FORMAT'],
    [
      'version 000',
      '1.2.156.3005.2.FBL.11330106MB16325005.00000001.000.' +
        mod3736CheckCharacter('FBL11330106MB1632500500000001000'),
      'FORMAT',
    ],
    ['a short USCC', SAMPLE_B.replace('11330106MB16325005', '11330106MB1632500'), 'FORMAT'],
  ])('rejects %s', (_label, id, problem) => {
    expect(parseLicenceIdentifier(id)).toEqual({ ok: false, problem });
  });
});

describe('licence identifier with a 21-character 证照类型代码', () => {
  // Identifiers published by the national platform's systems (住房和城乡建设部 types 11100000000013338W011 and …W032;
  // seen in public integration code). Their check characters come out of the same MOD 37,36 computation.
  it.each([
    [
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
      '11100000000013338W011',
      'S',
    ],
    [
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
      '11100000000013338W011',
      'U',
    ],
    ['1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F', '11100000000013338W032', 'F'],
  ])('verifies the published identifier %s', (id, typeCode, check) => {
    const parsed = parseLicenceIdentifier(id);
    expect(parsed).toMatchObject({ ok: true, parts: { typeCode, check } });
    expect(LicenceIdentifier.safeParse(id).success).toBe(true);
  });

  it('builds and parses an identifier with the 营业执照 type code', () => {
    const id = buildLicenceIdentifier({
      typeCode: LT.BL,
      issuerUscc: '11330106MB16325005',
      serial: formatSerial(7),
      version: 1,
    });
    expect(id.split('.')[5]).toBe('11100000MB0143028R001');
    expect(id).toBe(
      `1.2.156.3005.2.11100000MB0143028R001.11330106MB16325005.00000007.001.${mod3736CheckCharacter('11100000MB0143028R00111330106MB1632500500000007001')}`,
    );
    expect(parseLicenceIdentifier(id)).toMatchObject({
      ok: true,
      parts: { typeCode: LT.BL, serial: '00000007', version: 1 },
    });
    expect(parseLicenceIdentifier(id.replace('R001.', 'R002.'))).toEqual({
      ok: false,
      problem: 'CHECK_CHARACTER',
    });
  });

  it('still verifies an identifier issued under an old short type code', () => {
    expect(isValidLicenceIdentifier(SAMPLE_B)).toBe(true);
  });
});

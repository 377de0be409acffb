import { randomBytes } from 'node:crypto';
import { ApplicationSubmitted, LicenceIssued, type PayloadOf } from '@hall/contracts';
import { PII_CIPHERTEXT_PATTERN, PiiCipher, PiiDecryptionError, type PiiKeyring } from './pii-cipher.js';
import { piiPayloadCodec } from './pii-payload-codec.js';

const ID = '11010519491231002X';
const PHONE = '13912345678';
const HOLDER = '91330106MA2B3C4D5E';

function keyring(current: string, keys: Record<string, Buffer>): PiiKeyring {
  return {
    currentKeyId: current,
    encryptionKeys: new Map(Object.entries(keys)),
    blindIndexKey: randomBytes(32),
  };
}

const submitted: PayloadOf<typeof ApplicationSubmitted> = ApplicationSubmitted.payload.parse({
  applicationNo: '330102202603010000011',
  implementationCode: '11330102MB1234567X3000140100501',
  implementationVersion: 1,
  regionCode: '330102',
  occurredAt: '2026-03-01T02:00:00.000Z',
  actor: { userId: 'clerk-1', name: '李娜', role: 'clerk' },
  applicant: { kind: 'person', userId: 'u-1', name: '王五', idType: 'ID_CARD', idNumber: ID, phone: PHONE },
  itemName: '开办餐饮店',
  departmentCode: 'market-regulation',
  receivedAt: '2026-03-01T02:00:00.000Z',
  promisedLimitDays: 5,
  legalLimitDays: 20,
});

const issued: PayloadOf<typeof LicenceIssued> = LicenceIssued.payload.parse({
  identifier: '1.2.156.3005.2.11100000MB0000001X.11330106002482160R.0001.001.7',
  licenceTypeCode: '11100000MB0000001X',
  name: '食品经营许可证',
  applicationNo: '330102202603010000011',
  holderIdNumber: HOLDER,
  issuerUscc: '11330106002482160R',
  departmentCode: 'market-regulation',
  occurredAt: '2026-03-01T02:00:00.000Z',
  actor: { userId: 'system', name: '系统', role: 'system' },
  issuedAt: '2026-03-01T02:00:00.000Z',
  validFrom: '2026-03-01T02:00:00.000Z',
  validUntil: null,
});

describe('piiPayloadCodec: personal data of event payloads sealed in the outbox, on the broker and in dead letters', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const codec = piiPayloadCodec(new PiiCipher(keyring('k1', { k1 })));

  it('seals ID and phone numbers (nested and top level) and opens them to the very payload', () => {
    for (const [contract, payload, secrets] of [
      [ApplicationSubmitted, submitted, [ID, PHONE]],
      [LicenceIssued, issued, [HOLDER]],
    ] as const) {
      const sealed = codec.seal(contract, payload);
      const text = JSON.stringify(sealed);
      for (const s of secrets) expect(text).not.toContain(s);
      expect(text).toMatch(/"pii:k1:[A-Za-z0-9_-]{38,}"/);
      // What routes the message is untouched.
      expect(sealed).toMatchObject({ applicationNo: payload.applicationNo });
      const opened = codec.open(contract, JSON.parse(text));
      expect(opened).toEqual(payload);
      expect(contract.payload.parse(opened)).toEqual(payload);
    }
    const sealed = codec.seal(ApplicationSubmitted, submitted) as { applicant: Record<string, string> };
    expect(sealed.applicant).toEqual({
      ...submitted.applicant,
      idNumber: expect.stringMatching(PII_CIPHERTEXT_PATTERN),
      phone: expect.stringMatching(PII_CIPHERTEXT_PATTERN),
    });
  });

  it('a sealed payload does not pass the contract: a consumer without the codec refuses it', () => {
    expect(ApplicationSubmitted.payload.safeParse(codec.seal(ApplicationSubmitted, submitted)).success).toBe(
      false,
    );
    expect(LicenceIssued.payload.safeParse(codec.seal(LicenceIssued, issued)).success).toBe(false);
  });

  it('a plaintext payload (staged before sealing, or by a producer without the codec) opens as it is', () => {
    expect(codec.open(ApplicationSubmitted, JSON.parse(JSON.stringify(submitted)))).toEqual(submitted);
    expect(codec.open(LicenceIssued, issued)).toEqual(issued);
  });

  it('rotation: sealed under the current key; every key of the keyring still opens', () => {
    const old = codec.seal(LicenceIssued, issued);
    const rotated = piiPayloadCodec(new PiiCipher(keyring('k2', { k1, k2 })));
    const fresh = rotated.seal(LicenceIssued, issued) as { holderIdNumber: string };
    expect(fresh.holderIdNumber.startsWith('pii:k2:')).toBe(true);
    expect(rotated.open(LicenceIssued, old)).toEqual(issued);
    expect(rotated.open(LicenceIssued, fresh)).toEqual(issued);
    // A service that has not got the new key yet fails closed on it.
    expect(() => codec.open(LicenceIssued, fresh)).toThrow(PiiDecryptionError);
  });

  it('fails closed on an unknown key id, a wrong key or an altered value (never passes ciphertext on as data)', () => {
    const sealed = codec.seal(ApplicationSubmitted, submitted) as { applicant: { idNumber: string } };
    const otherKey = piiPayloadCodec(new PiiCipher(keyring('k1', { k1: randomBytes(32) })));
    const unknownKey = piiPayloadCodec(new PiiCipher(keyring('k9', { k9: k2 })));
    expect(() => otherKey.open(ApplicationSubmitted, sealed)).toThrow(
      expect.objectContaining({ name: 'PiiDecryptionError', reason: 'authentication-failed' }),
    );
    expect(() => unknownKey.open(ApplicationSubmitted, sealed)).toThrow(
      expect.objectContaining({ name: 'PiiDecryptionError', reason: 'unknown-key' }),
    );
    const body = sealed.applicant.idNumber;
    const flipped = `${body.slice(0, -2)}${body.at(-2) === 'A' ? 'B' : 'A'}${body.at(-1)}`;
    const altered = { ...sealed, applicant: { ...sealed.applicant, idNumber: flipped } };
    expect(() => codec.open(ApplicationSubmitted, altered)).toThrow(PiiDecryptionError);
    // The error names the key id, never the value.
    const error = (() => {
      try {
        unknownKey.open(ApplicationSubmitted, sealed);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(error).toContain('"k1"');
    expect(error).not.toContain(ID);
  });
});
